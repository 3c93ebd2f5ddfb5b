using Quantize.Cli.Options;
using Quantize.Cli.Pipeline;
using Quantize.Core.Clustering;
using Quantize.Core.Scaling;
using Quantize.Format.Container.Proto;

namespace Quantize.Cli.Sweep;

/// <summary>Everything <see cref="SweepRunner"/> needs, already parsed and validated by the command.</summary>
public sealed record SweepRequest
{
    public required string ModelPath { get; init; }

    public required IReadOnlyList<QuantizationMethod> Methods { get; init; }

    /// <summary>Bit widths B (k = 2^B clusters or cells; for ecsq, the entropy uniform cells of that count reach).</summary>
    public required IReadOnlyList<int> Bits { get; init; }

    public required IReadOnlyList<SymbolCoding> Codings { get; init; }

    /// <summary>Scale normalisation before the shared codebook (--scale), as compress does it.</summary>
    public ScaleMode Scale { get; init; } = ScaleMode.None;

    public ImportanceRequest Importance { get; init; } = ImportanceRequest.None;

    /// <summary>
    /// The options every unit shares (solver and start for the k-means family, centres for uniform, the seed); each
    /// unit takes those that apply to its method.
    /// </summary>
    public QuantizerOptions Clustering { get; init; } = new() { Seed = ClusteringOptionGroup.DefaultSeed };

    public DataRequest Data { get; init; } = DataRequest.Default;

    public bool Evaluate { get; init; } = true;

    /// <summary>Fine-tuning of each unit's shared values after quantization, as compress does it; none unless epochs are given.</summary>
    public FineTuningRequest FineTuning { get; init; } = new();

    /// <summary>What the steps that run the model share: the model file, the data, the device, where progress goes.</summary>
    public RunContext Context => new(ModelPath, Data, Device, ProgressWriter);

    /// <summary>A --device value (cpu, auto, cuda) for evaluation, Hessian estimation and fine-tuning.</summary>
    public string Device { get; init; } = Quantize.Torch.TorchDevices.Cpu;

    public ShardSpec? Shard { get; init; }

    /// <summary>Quantizations run at once; null = as many as the cores allow beside evaluation.</summary>
    public int? Jobs { get; init; }

    /// <summary>The command line as typed, for the report (who produced these numbers, and how to rerun it).</summary>
    public string CommandLine { get; init; } = "";

    /// <summary>Progress of the long steps (stderr, or nowhere with --quiet).</summary>
    public TextWriter ProgressWriter { get; init; } = TextWriter.Null;

    /// <summary>Where stack traces of failed settings go when QUANTIZE_DEBUG=1.</summary>
    public TextWriter ErrorWriter { get; init; } = TextWriter.Null;

    /// <summary>
    /// The quantizer of one unit. Options that belong to some methods only (solver and start for the k-means
    /// family, centres for uniform) are passed to those, so one sweep can cover every method.
    /// </summary>
    public QuantizerOptions OptionsFor(SweepUnit unit)
    {
        var options = new QuantizerOptions { Method = unit.Method, Clusters = 1 << unit.Bits, Seed = Clustering.Seed };
        return unit.Method switch
        {
            QuantizationMethod.KMeans or QuantizationMethod.HessianKMeans =>
                options with { Solver = Clustering.Solver, Initialization = Clustering.Initialization },
            QuantizationMethod.Uniform => options with { Center = Clustering.Center },
            _ => options,
        };
    }
}
