using Xunit;

// The module keeps one process-wide connection and reads the process environment: tests that ran
// side by side would see each other's connection, key and HOME.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
