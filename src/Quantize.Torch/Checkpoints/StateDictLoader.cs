using Quantize.Format.Onnx;
using Quantize.Torch.Models;
using static TorchSharp.torch;

namespace Quantize.Torch.Checkpoints;

/// <summary>
/// Copies a state dictionary into a module, strictly: every float state entry of the module must be in the
/// file with its shape, and the file may hold nothing else. BatchNorm's "num_batches_tracked" counters are
/// optional either way (PyTorch and TorchSharp write them, inference ignores them).
/// </summary>
public static class StateDictLoader
{
    const int ListedKeys = 8;

    public static void Load(nn.Module module, IReadOnlyList<ParameterTensor> tensors, string architecture, string description)
    {
        var expected = ModuleState.Entries(module).ToDictionary(e => e.Name, e => e.Value, StringComparer.Ordinal);
        var given = new Dictionary<string, ParameterTensor>(StringComparer.Ordinal);
        foreach (ParameterTensor tensor in tensors.Where(t => !ModuleState.IsStepCounter(t.Name)))
            if (!given.TryAdd(tensor.Name, tensor)) throw new CheckpointFormatException($"{description} holds '{tensor.Name}' twice");

        var problems = new List<string>();
        AddProblem(problems, "missing", expected.Keys.Where(k => !given.ContainsKey(k)).ToList());
        AddProblem(problems, "unexpected", given.Keys.Where(k => !expected.ContainsKey(k)).ToList());
        AddProblem(problems, "mis-shaped", expected
            .Where(e => given.TryGetValue(e.Key, out ParameterTensor? t) && !t.Dims.SequenceEqual(e.Value.shape))
            .Select(e => $"{e.Key} (file {given[e.Key].ShapeText}, {architecture} needs {string.Join("x", e.Value.shape)})").ToList());
        if (problems.Count > 0)
            throw new CheckpointFormatException($"{description} does not fit {architecture}: {string.Join("; ", problems)}");

        using var _ = no_grad();
        foreach ((string name, Tensor target) in expected)
        {
            ParameterTensor source = given[name];
            using Tensor value = tensor(source.Values, source.Dims, dtype: target.dtype);
            target.copy_(value);
        }
    }

    static void AddProblem(List<string> problems, string kind, List<string> keys)
    {
        if (keys.Count == 0) return;
        string listed = string.Join(", ", keys.Take(ListedKeys)) + (keys.Count > ListedKeys ? $" and {keys.Count - ListedKeys} more" : "");
        problems.Add($"{kind} {listed}");
    }
}
