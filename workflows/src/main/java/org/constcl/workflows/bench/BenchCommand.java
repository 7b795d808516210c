package org.constcl.workflows.bench;

import picocli.CommandLine.Command;

/** {@code constcl bench}: benchmarks that print a ratio against a named baseline; one class per verb. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks, each against a named baseline run in the same invocation (docs/benchmarks.md).",
    subcommands = {IngestBenchmark.class, ProposalBenchmark.class, ModelBenchmark.class, TrainBenchmark.class,
        FeatureBenchmark.class, EngineBenchmark.class, AvaMapBenchmark.class, TrackerBenchmark.class,
        PropagationBenchmark.class, StoreBenchmark.class, StoreScaleBenchmark.class, StartupBenchmark.class,
        ReplicaBenchmark.class, ClusterBenchmark.class})
public final class BenchCommand {}
