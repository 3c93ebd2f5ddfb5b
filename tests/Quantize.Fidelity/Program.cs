using System.Globalization;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Quantize.Fidelity;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;

// Usage (samples/real-models/measure.sh runs it):
//   Quantize.Fidelity [--quantize QUANTIZE.dll] [--config models.json] [--models DIR] [--work DIR]
//                     [--options "--method kmeans --bits 8"]... [--int8] [--simulate channel:0.5]... [--sensitivity 0.1] [--only NAME]... [--describe]
//                     [--stream N] [--logits] [--write-data DIR]
// Each --options is one setting ("" = the CLI's defaults); --int8 adds the int8-per-channel reference row;
// --sensitivity STEP adds a row naming the five tensors whose lone quantization hurts most (TensorSensitivity);
// --logits also compares the input of each Sigmoid that makes a graph output (LogitOutputs);
// --stream N adds, for models with a state input fed by a state output, a row after N chunks with the state carried (StreamedRun);
// --show-small prints every output of at most 64 values (a detector's score per sample) beside the original's;
// --write-data DIR writes each model's inputs as DIR/MODEL/test.npz (the harness's) and train.npz (32 more, the next seed),
//   what `quantize --data DIR/MODEL` reads; "{data}" in an --options setting stands for DIR/MODEL;
// --simulate tensor|channel:STEP[:f32][:keep=N] adds a row of ScaledGridSimulation (what scale normalisation could reach).
var settings = new List<string>();
var simulations = new List<(bool PerChannel, double Step, bool Half, int KeepBelow)>();
var only = new List<string>();
string config = "samples/real-models/models.json", models = "samples/real-models/cache", quantize = "", dataFolder = "", work = Path.Combine(Path.GetTempPath(), "quantize-fidelity");
bool int8 = false, describe = false, logits = false, showSmall = false;
double sensitivityStep = 0;
int streamChunks = 0;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--config": config = args[++i]; break;
        case "--models": models = args[++i]; break;
        case "--quantize": quantize = args[++i]; break;
        case "--work": work = args[++i]; break;
        case "--write-data": dataFolder = args[++i]; break;
        case "--options": settings.Add(args[++i]); break;
        case "--only": only.Add(args[++i]); break;
        case "--simulate":
            string[] parts = args[++i].Split(':');
            string? keep = parts.Skip(2).FirstOrDefault(p => p.StartsWith("keep=", StringComparison.Ordinal));
            simulations.Add((parts[0] == "channel", double.Parse(parts[1], CultureInfo.InvariantCulture), !parts.Skip(2).Contains("f32"),
                keep == null ? 0 : int.Parse(keep[5..], CultureInfo.InvariantCulture)));
            break;
        case "--int8": int8 = true; break;
        case "--logits": logits = true; break;
        case "--show-small": showSmall = true; break;
        case "--sensitivity": sensitivityStep = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--describe": describe = true; break;
        case "--stream": streamChunks = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        default: Console.Error.WriteLine($"fidelity: unknown argument '{args[i]}'"); return 2;
    }
}
if (settings.Count > 0 && quantize.Length == 0) { Console.Error.WriteLine("fidelity: --options needs --quantize PATH/quantize.dll"); return 2; }
Directory.CreateDirectory(work);
HarnessConfig harness = HarnessConfig.Load(config);
var tool = new QuantizeTool(quantize);
if (!describe) Console.WriteLine(FidelityRow.Header);
foreach (ModelSpec spec in harness.Models.Where(m => only.Count == 0 || only.Any(o => m.File.Contains(o, StringComparison.OrdinalIgnoreCase))))
{
    string path = Path.Combine(models, spec.File);
    string name = Path.GetFileNameWithoutExtension(spec.File);
    ModelProto original = OnnxModelFile.Load(path);
    if (describe) { Describe(path, original); continue; }
    List<NamedOnnxValue> inputs;
    ModelOutputs reference;
    try
    {
        using (var session = new InferenceSession(path)) inputs = new InputFactory(harness, spec, Vocabulary(original), work).Create(session);
        reference = ModelOutputs.Run(Runnable(original), inputs);
        if (dataFolder.Length > 0) WriteData(path, spec, original, inputs, Path.Combine(dataFolder, name));
    }
    catch (OnnxRuntimeException e)
    {
        Console.WriteLine(FidelityRow.Failed(name, "(original)", e.Message).ToMarkdown());
        continue;
    }
    if (int8)
    {
        (ModelProto rounded, double ratio) = Int8Reference.Apply(original);
        Report(new FidelityRow(name, "int8 per channel (reference)", ratio, 0, 0, "", Worst(original, rounded)), ModelOutputs.Run(Runnable(rounded), inputs), reference);
    }
    if (sensitivityStep > 0)
    {
        var worst = TensorSensitivity.Worst(original, bytes => ModelOutputs.Run(bytes, inputs).CompareTo(reference, harness.Batch).Min, sensitivityStep, 5).ToList();
        string listed = string.Join(", ", worst.Select(w => string.Create(CultureInfo.InvariantCulture, $"{w.Name} ({w.Elements}) {w.MinCosine:F4}")));
        Console.WriteLine(new FidelityRow(name, string.Create(CultureInfo.InvariantCulture, $"one tensor at a time, RMS step {sensitivityStep}"),
            double.NaN, worst.Min(w => w.MinCosine), double.NaN, "", "min cosine: " + listed).ToMarkdown());
    }
    foreach ((bool perChannel, double step, bool half, int keepBelow) in simulations)
    {
        (ModelProto simulated, double ratio) = ScaledGridSimulation.Apply(original, perChannel, step, half, keepBelow);
        string kept = keepBelow > 0 ? string.Create(CultureInfo.InvariantCulture, $" and weights under {keepBelow} elements") : "";
        string label = string.Create(CultureInfo.InvariantCulture, $"simulated: {(perChannel ? "channel" : "tensor")} RMS, step {step}, 1-D{kept} in {(half ? "float16" : "float32")}");
        Report(new FidelityRow(name, label, ratio, 0, 0, "", Worst(original, simulated)), ModelOutputs.Run(simulated.ToByteArray(), inputs), reference);
    }
    foreach (string setting in settings)
    {
        string label = setting.Length == 0 ? "(none)" : setting;
        try
        {
            string[] options = setting.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(o => o.Replace("{data}", Path.Combine(dataFolder, name), StringComparison.Ordinal)).ToArray();
            (string restoredPath, double ratio, double seconds) = tool.RoundTrip(path, options, work);
            ModelProto restored = OnnxModelFile.Load(restoredPath);
            Report(new FidelityRow(name, label, ratio, 0, 0, "", Worst(original, restored)), ModelOutputs.Run(Runnable(restored), inputs), reference);
            if (streamChunks > 0 && StreamedRun.Run(path, ChunkInputs(path, spec, original, inputs), streamChunks) is { } streamedReference)
                Report(new FidelityRow(name, string.Create(CultureInfo.InvariantCulture, $"{label}, streamed: chunk {streamChunks} with the state carried"), ratio, 0, 0, "", ""),
                    StreamedRun.Run(restoredPath, ChunkInputs(path, spec, original, inputs), streamChunks)!, streamedReference);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fidelity: {name} [{label}] compressed in {seconds:F0} s"));
        }
        catch (Exception e) when (e is InvalidOperationException or OnnxRuntimeException or OnnxFormatException)
        {
            Console.WriteLine(FidelityRow.Failed(name, label, e.Message).ToMarkdown());
        }
    }
}
return 0;

byte[] Runnable(ModelProto model) => (logits ? LogitOutputs.Expose(model) : model).ToByteArray();

void Report(FidelityRow row, ModelOutputs outputs, ModelOutputs reference)
{
    (double min, double mean, string worst) = outputs.CompareTo(reference, harness.Batch);
    Console.WriteLine((row with { MinCosine = min, MeanCosine = mean, WorstOutput = worst }).ToMarkdown());
    if (!showSmall) return;
    foreach ((string output, (float[] values, _)) in reference.Floats.Where(o => o.Value.Values.Length <= 64))
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    {output}: original [{string.Join(", ", values.Select(v => v.ToString("G4", CultureInfo.InvariantCulture)))}], this row [{string.Join(", ", outputs.Floats[output].Values.Select(v => v.ToString("G4", CultureInfo.InvariantCulture)))}]"));
}

// A streamed run's inputs for each chunk: speech goes on where the last chunk ended; other inputs are the harness's,
// shifted cyclically from chunk to chunk.
Func<int, IReadOnlyList<NamedOnnxValue>> ChunkInputs(string path, ModelSpec spec, ModelProto original, List<NamedOnnxValue> inputs)
{
    if (!spec.Inputs.Values.Any(i => i.Kind == "speech")) return chunk => inputs.Select(v => StreamedRun.Shifted(v, chunk)).ToList();
    return chunk =>
    {
        using var session = new InferenceSession(path);
        return new InputFactory(harness, spec, Vocabulary(original), work) { Chunk = chunk }.Create(session);
    };
}

// The harness's own inputs as the test split, 32 samples from the next seed as the training split.
void WriteData(string path, ModelSpec spec, ModelProto original, List<NamedOnnxValue> inputs, string folder)
{
    Directory.CreateDirectory(folder);
    NpzWriter.Write(Path.Combine(folder, "test.npz"), inputs);
    using var session = new InferenceSession(path);
    NpzWriter.Write(Path.Combine(folder, "train.npz"),
        new InputFactory(harness with { Seed = harness.Seed + 1, Batch = 32 }, spec, Vocabulary(original), work).Create(session));
}

static string Worst(ModelProto original, ModelProto restored) => string.Join(", ",
    TensorErrors.Worst(original, restored, 3).Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Name} ({t.Elements}) {t.Db:F1}")));

// Token ids range over the largest table an embedding Gather reads.
static int Vocabulary(ModelProto model)
{
    Dictionary<string, TensorSite> tensors = ModelTensors.Find(model).GroupBy(s => s.Tensor.Name.Length > 0 ? s.Tensor.Name : s.Identity).ToDictionary(g => g.Key, g => g.First());
    long rows = GatherTables(model.Graph).Where(tensors.ContainsKey).Select(t => tensors[t].Tensor.Dims.FirstOrDefault()).DefaultIfEmpty(100).Max();
    return (int)rows;
}

static IEnumerable<string> GatherTables(GraphProto graph) =>
    graph.Node.Where(n => n.OpType == "Gather" && n.Input.Count > 0).Select(n => n.Input[0])
        .Concat(graph.Node.SelectMany(n => n.Attribute).Where(a => a.G != null).SelectMany(a => GatherTables(a.G)));

static void Describe(string path, ModelProto model)
{
    using var session = new InferenceSession(path);
    static string Shape(NodeMetadata m) => "[" + string.Join(",", m.Dimensions.Select((d, i) => d > 0 ? d.ToString(CultureInfo.InvariantCulture) : m.SymbolicDimensions.ElementAtOrDefault(i) is { Length: > 0 } s ? s : "?")) + "]";
    IReadOnlyList<ParameterTensor> parameters = ModelParameters.Extract(model);
    Console.WriteLine($"{Path.GetFileName(path)}: {new FileInfo(path).Length} bytes, opset {model.OpsetImport.Max(o => o.Version)}, {parameters.Count} learned tensors, {parameters.Sum(p => p.ElementCount)} parameters");
    foreach ((string n, NodeMetadata m) in session.InputMetadata) Console.WriteLine($"  in  {n} {m.ElementDataType} {Shape(m)}");
    foreach ((string n, NodeMetadata m) in session.OutputMetadata) Console.WriteLine($"  out {n} {m.ElementDataType} {Shape(m)}");
}
