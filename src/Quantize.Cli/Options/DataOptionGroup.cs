using System.CommandLine;
using Quantize.Cli.Pipeline;
using Quantize.Data.Images;

namespace Quantize.Cli.Options;

/// <summary>
/// Where the data comes from and how images are prepared, for every command that runs a user's model (eval, hessian,
/// prune, compress, sweep; docs/data.md). The preprocessing flags read as torchvision's transforms do.
/// </summary>
public sealed class DataOptionGroup(bool withPreprocessing = true)
{
    readonly Option<string?> data = new("--data")
    {
        Description = "Data folder: IDX files (train-*/t10k-*-ubyte[.gz]), train.npz and test.npz (one array per model input, named after it, " +
                      "plus optional 'labels'), or an image folder train/<class>/* and test/<class>/* (or val/). Default: $QUANTIZE_DATA, then " +
                      "/usr/share/datasets/fashion-mnist (apt-get install dataset-fashion-mnist), then the fashion-mnist folder beside the model, then samples/fashion-mnist",
        HelpName = "DIR",
    };
    readonly Option<string?> imageSize = new("--image-size")
    {
        Description = "Resize images to H,W (or HxH) with torchvision's bilinear Resize; default the model's declared input size",
        HelpName = "H[,W]",
    };
    readonly Option<string?> mean = new("--mean")
    {
        Description = "Per-channel mean subtracted from pixels scaled to [0,1] (torchvision's Normalize), e.g. 0.485,0.456,0.406; default 0",
        HelpName = "a,b,c",
    };
    readonly Option<string?> std = new("--std")
    {
        Description = "Per-channel standard deviation pixels are divided by after --mean, e.g. 0.229,0.224,0.225; default 1",
        HelpName = "a,b,c",
    };
    readonly Option<string?> channels = new Option<string?>("--channels")
    {
        Description = "Channel order fed to the model: rgb, bgr or gray; default from the input's channel count (3: rgb, 1: gray)",
    }.AcceptOnlyFromAmong("rgb", "bgr", "gray");

    public void AddTo(Command command)
    {
        command.AddRange(data);
        if (!withPreprocessing) return;
        command.AddRange(imageSize, mean, std, channels);
        command.Validators.Add(r =>
        {
            try
            {
                Preprocessing(r.GetValue(imageSize), r.GetValue(mean), r.GetValue(std), r.GetValue(channels));
            }
            catch (ImagePreprocessingException e)
            {
                r.AddError(e.Message);
            }
        });
    }

    /// <summary>Whether the user named the data (commands that would otherwise skip measuring take it as a request to measure).</summary>
    public bool Given(ParseResult result) => result.GetResult(data) is { Implicit: false };

    public DataRequest Read(ParseResult result) => new(result.GetValue(data),
        withPreprocessing ? Preprocessing(result.GetValue(imageSize), result.GetValue(mean), result.GetValue(std), result.GetValue(channels)) : null);

    static ImagePreprocessing Preprocessing(string? size, string? mean, string? std, string? channels)
    {
        ImagePreprocessing parsed = ImagePreprocessing.Parse(size, mean, std, channels);
        parsed.Validate();
        return parsed;
    }
}
