// s3rver in its own process, started by the bench as `node --openssl-legacy-provider --import tsx`.
// s3rver 3.7 encrypts ListObjectsV2 continuation tokens with DES, which Node 20's OpenSSL 3 only offers
// through the legacy provider; without it every truncated listing (more than 1000 keys) is an HTTP 500.
// A separate process keeps that flag out of the bench and the server's work off the publisher's event loop.
// Prints one JSON line `{"port":N}` once listening; stops when stdin closes.
import S3rver from 's3rver';

const [directory, bucket] = process.argv.slice(2);
if (!directory || !bucket) throw new Error('usage: s3rver-process DIRECTORY BUCKET');
const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
const { port } = await server.run();
console.log(JSON.stringify({ port }));
process.stdin.resume();
process.stdin.on('end', () => {
  void server.close().then(() => process.exit(0));
});
