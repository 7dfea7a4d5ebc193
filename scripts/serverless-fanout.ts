// Resolved by serverless.yml (`${file(./dist/serverless-fanout.cjs):definition}`): the state machine the
// stack deploys is the one the tests validate, built by the same code. The ARNs and the bucket are
// `${…}` placeholders that the template's Fn::Sub fills in at deploy time.
import { fanoutStateMachine } from '../src/fanout/step-functions.js';

/** Child executions at once: the worker's reserved concurrency in serverless.yml. */
export const MAP_CONCURRENCY = 50;

export default function resolveFanoutStateMachine(): { definition: string } {
  const definition = fanoutStateMachine({
    bucket: '${Bucket}',
    statePrefix: 'state/',
    workerArn: '${WorkerArn}',
    deadLetterArn: '${DeadLetterArn}',
    assembleArn: '${AssembleArn}',
    maxConcurrency: MAP_CONCURRENCY,
  });
  return { definition: JSON.stringify(definition) };
}
