// A source worker that ends before it answers anything (a crash at start-up).
process.exit(3);
