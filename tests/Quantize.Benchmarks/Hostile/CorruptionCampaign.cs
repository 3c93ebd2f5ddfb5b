using System.Diagnostics;
using Google.Protobuf;
using Quantize.Core.Clustering;
using Quantize.Core.Clustering.Uniform;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Benchmarks.Hostile;

/// <summary>
/// Runs many damaged inputs through the readers: containers of the shipped model (Huffman, fixed, ANS and
/// per-layer codebooks) truncated, bit-flipped, spliced, and tampered field by field behind a valid
/// checksum; and damaged ONNX files. Every case must end in a verified decode, a decode of a different but
/// valid container (tampering behind a valid checksum can produce one), or a clean format error — never
/// another exception, a hang, or an allocation out of proportion to the input.
/// </summary>
public static class CorruptionCampaign
{
    static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(10);

    public static int Run(int cases, TextWriter output)
    {
        string model = FindSample();
        ModelProto onnx = OnnxModelFile.Load(model);
        IReadOnlyList<ParameterTensor> parameters = ModelParameters.Extract(onnx);
        byte[] onnxBytes = onnx.ToByteArray();
        NqzBody[] bodies = [Build(onnx, parameters, SymbolCoding.Huffman), Build(onnx, parameters, SymbolCoding.Fixed), Build(onnx, parameters, SymbolCoding.Ans),
            Build(onnx, parameters, SymbolCoding.Context), BuildPruned(onnx, parameters, SymbolCoding.Context)];
        float[][] expected = [.. parameters.Select(p => p.Values)];

        var random = new Random(20261129);
        var tally = new CampaignTally();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < cases; i++)
        {
            if (i % 10 == 9)
            {
                tally.Record("onnx", RunCase(() => OnnxCase(Mutations.Damage(onnxBytes, random))));
                continue;
            }
            NqzBody body = bodies[random.Next(bodies.Length)];
            (string kind, byte[] file) = random.Next(3) == 0
                ? ("tampered", NqzFile.ToBytes(Mutations.Tamper(body, random)))
                : ("damaged", Mutations.Damage(NqzFile.ToBytes(body), random));
            tally.Record(kind, RunCase(() => ContainerCase(file, expected)));
        }
        output.WriteLine($"hostile-input campaign: {cases} cases in {clock.Elapsed.TotalSeconds:F1} s (seed 20261129, model {Path.GetFileName(model)})");
        tally.Print(output);
        return tally.Failures == 0 ? 0 : 1;
    }

    public static string FindSample()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "samples", "lenet5-fashion.onnx");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("samples/lenet5-fashion.onnx not found above " + AppContext.BaseDirectory);
    }

    static NqzBody Build(ModelProto model, IReadOnlyList<ParameterTensor> parameters, SymbolCoding coding)
    {
        float[] all = [.. parameters.SelectMany(p => p.Values)];
        Quantization quantization = new UniformQuantizer(16).Quantize(all, []);
        return NqzBuilder.Build(model, parameters, quantization, coding, new Settings { Method = "uniform" }, "campaign");
    }

    // The sample with 90% of each weight tensor's smallest values zeroed, its positions as significance flags (CONTEXT coding).
    static NqzBody BuildPruned(ModelProto model, IReadOnlyList<ParameterTensor> parameters, SymbolCoding coding)
    {
        var masks = new List<PrunedTensor?>();
        var kept = new List<float>();
        foreach (ParameterTensor tensor in parameters)
        {
            if (tensor.Dims.Length < 2)
            {
                masks.Add(null);
                kept.AddRange(tensor.Values);
                continue;
            }
            float threshold = tensor.Values.Select(MathF.Abs).Order().ElementAt((int)(0.9 * tensor.Values.Length));
            bool[] mask = [.. tensor.Values.Select(v => MathF.Abs(v) >= threshold)];
            masks.Add(new PrunedTensor(mask, 8));
            kept.AddRange(tensor.Values.Where((_, i) => mask[i]));
        }
        Quantization quantization = new UniformQuantizer(16).Quantize([.. kept], []);
        return NqzBuilder.Build(model, [new CodedGroup(parameters, quantization, coding) { Pruned = masks }], new Settings { Method = "uniform" }, "campaign");
    }

    static CaseOutcome ContainerCase(byte[] file, float[][] expected)
    {
        NqzBody body = NqzFile.Parse(file, "case");
        ModelProto restored = NqzDecoder.DecodeModel(body, "case");
        IReadOnlyList<ParameterTensor> decoded = ModelParameters.Extract(restored);
        // Quantized values differ from the originals; "verified" means every value is one of the codebook's.
        bool verified = decoded.Count == expected.Length && body.Codebooks.Count == 1 && decoded.Zip(expected).All(p => p.First.Values.Length == p.Second.Length)
                        && decoded.SelectMany(p => p.Values).All(new HashSet<float>([.. body.Codebooks[0].Values, .. Pruned(body)]).Contains);
        return verified ? CaseOutcome.VerifiedDecode : CaseOutcome.OtherValidDecode;
    }

    // A pruned container's zeros are values too.
    static float[] Pruned(NqzBody body) => body.Tensors.Any(t => t.Significance != null || t.Positions != null) ? [0f] : [];

    static CaseOutcome OnnxCase(byte[] file)
    {
        ModelProto model = OnnxModelFile.Parse(file, "case");
        ModelParameters.Extract(model);
        return CaseOutcome.OtherValidDecode;
    }

    static CaseResult RunCase(Func<CaseOutcome> body)
    {
        long before = GC.GetTotalAllocatedBytes(precise: false);
        var task = Task.Run(() =>
        {
            try
            {
                return new CaseResult(body(), null);
            }
            catch (Exception e) when (e is NqzFormatException or OnnxFormatException)
            {
                return new CaseResult(CaseOutcome.CleanError, null);
            }
            catch (Exception e)
            {
                return new CaseResult(CaseOutcome.Crash, $"{e.GetType().Name}: {e.Message}");
            }
        });
        if (!task.Wait(CaseTimeout)) return new CaseResult(CaseOutcome.Hang, "timed out");
        long allocated = GC.GetTotalAllocatedBytes(precise: false) - before;
        return task.Result with { AllocatedBytes = allocated };
    }
}
