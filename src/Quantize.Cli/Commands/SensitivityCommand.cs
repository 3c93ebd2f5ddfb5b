using System.CommandLine;
using Quantize.Cli.Names;
using Quantize.Cli.Options;
using Quantize.Cli.Pipeline;
using Quantize.Cli.Reports;
using Quantize.Cli.Sensitivity;
using Quantize.Core.Clustering;
using Quantize.Format.Container.Proto;
using Quantize.Format.IO;

namespace Quantize.Cli.Commands;

/// <summary><c>quantize sensitivity</c>: per layer, what quantizing it alone costs and what it takes in the all-layers codebook.</summary>
public sealed class SensitivityCommand(TextWriter stdout, TextWriter stderr)
{
    /// <summary>The bit width a layer is quantized at when not told: low enough that sensitive layers show.</summary>
    public const int DefaultBits = 4;

    readonly Argument<string> model = CommonOptions.Model("ONNX model to measure");
    readonly Option<string> output = new("--output", "-o")
    {
        Description = "Folder for sensitivity.json and sensitivity.png (the bar chart); created if missing",
        Required = true,
        HelpName = "DIR",
    };
    readonly Option<string> method = new Option<string>("--method")
    {
        Description = "Quantizer of all layers at once: kmeans, hkmeans, uniform or ecsq",
        DefaultValueFactory = _ => "uniform",
    }.AcceptOnlyFromAmong([.. QuantizerNames.MethodNames]);
    readonly Option<int> bits = new Option<int>("--bits")
    {
        Description = "Clusters as a bit width B (k = 2^B) of the one codebook every layer shares",
        DefaultValueFactory = _ => DefaultBits,
        HelpName = "B",
    }.InRange(1, QuantizerOptionGroup.MaxBits);
    readonly Option<string> coding = new Option<string>("--coding")
    {
        Description = "Code for the cluster indices whose bits are counted per layer: huffman, ans or fixed",
        DefaultValueFactory = _ => CodingNames.Of(SymbolCoding.Huffman),
    }.AcceptOnlyFromAmong([.. CodingNames.All]);
    readonly ClusteringOptionGroup clustering = new();
    readonly ScaleOptionGroup scale = new();
    readonly ImportanceOptionGroup importance = new();
    readonly DeviceOption device = new();
    readonly DataOptionGroup data = new();
    readonly Option<int?> validation = new Option<int?>("--validation")
    {
        Description = "Validation samples carved at random (seeded by --seed) from the training data to score on; default a fifth of it, at most 10000",
        HelpName = "N",
    }.InRange(1, int.MaxValue);
    readonly Option<bool> json = CommonOptions.Json();

    public Command Create()
    {
        var command = new Command("sensitivity",
            "Where the bits go and what each layer costs: quantize all layers at once (one codebook, B bits), then score the model with " +
            "each layer alone at its quantized values and the rest float, on a validation split carved from the training data. Per layer: " +
            "parameters, mean importance weight (with --hessian), the accuracy drop, the bits per parameter it takes in the all-layers " +
            "codebook, and the drop per megabit saved; as a table (or --json), sensitivity.json and a bar chart sensitivity.png.\n" +
            "Examples:\n" +
            "  quantize sensitivity samples/lenet5-fashion.onnx -o sens --hessian gauss-newton\n" +
            "  quantize sensitivity resnet20.onnx -o sens --method kmeans --bits 3 --validation 2000");
        command.AddRange(model, output, method, bits, coding);
        clustering.AddTo(command);
        scale.AddTo(command);
        importance.AddTo(command);
        device.AddTo(command);
        data.AddTo(command);
        command.AddRange(validation, json);
        command.SetAction(result =>
        {
            QuantizerOptions quantizer = clustering.ApplyTo(new QuantizerOptions
            {
                Method = QuantizerNames.ParseMethod(result.GetValue(method)!),
                Clusters = 1 << result.GetValue(bits),
            }, result);
            DataRequest given = data.Read(result);
            var request = new CompressRequest
            {
                ModelPath = result.GetValue(model)!,
                OutputPath = Path.Combine(result.GetValue(output)!, "sensitivity.nqz"),
                Quantizer = quantizer,
                Coding = CodingNames.Parse(result.GetValue(coding)!),
                Scale = scale.Read(result),
                Importance = importance.Read(result),
                Data = given with { Validation = new ValidationCarve(result.GetValue(validation), quantizer.Seed) },
                Device = device.Read(result),
                EvaluationRequired = true,
                ProgressWriter = stderr,
            };
            return Run(new SensitivityRequest(request, result.GetValue(output)!), result.GetValue(json));
        });
        return command;
    }

    public int Run(SensitivityRequest request, bool asJson)
    {
        if (File.Exists(request.OutputDirectory)) throw new IOException($"--output {request.OutputDirectory} is a file; sensitivity writes a folder of files");
        SensitivityReport report = SensitivityPipeline.Run(request);
        Directory.CreateDirectory(request.OutputDirectory);
        AtomicFile.WriteAllBytes(Path.Combine(request.OutputDirectory, "sensitivity.json"),
            System.Text.Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(report, JsonOutput.Options) + "\n"));
        AtomicFile.WriteAllBytes(Path.Combine(request.OutputDirectory, "sensitivity.png"), SensitivityChart.Png(report));
        if (asJson) JsonOutput.Write(stdout, report);
        else SensitivityText.Write(stdout, report);
        return (int)ExitCode.Success;
    }
}
