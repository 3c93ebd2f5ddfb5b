using System.CommandLine;
using Quantize.Cli.Pipeline;

namespace Quantize.Cli.Options;

/// <summary>Where the data comes from, for every command that runs a model (eval, hessian, prune, train, compress, sweep).</summary>
public sealed class DataOptionGroup
{
    readonly Option<string?> data = new("--data")
    {
        Description = "Folder with the dataset in IDX form (train-*/t10k-*-ubyte[.gz]). Default: $QUANTIZE_DATA, then " +
                      "/usr/share/datasets/fashion-mnist (apt-get install dataset-fashion-mnist), then the fashion-mnist folder beside the model, then samples/fashion-mnist",
        HelpName = "DIR",
    };

    public void AddTo(Command command) => command.AddRange(data);

    /// <summary>Whether the user named the data (commands that would otherwise skip measuring take it as a request to measure).</summary>
    public bool Given(ParseResult result) => result.GetResult(data) is { Implicit: false };

    public DataRequest Read(ParseResult result) => new(result.GetValue(data));
}
