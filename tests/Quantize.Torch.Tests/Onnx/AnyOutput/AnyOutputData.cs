using Quantize.Tests.Shared;
using Quantize.Torch.Tests.Data;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.Onnx.AnyOutput;

/// <summary>Seeded inputs of the right shape and type for the <see cref="AnyOutputModels"/>: token ids with padded tails, images.</summary>
static class AnyOutputData
{
    /// <summary>Token ids, an attention mask whose last positions are padding (1 to 4 real tokens kept of 6), token types 0/1.</summary>
    public static Dictionary<string, Tensor> EncoderInputs(int count, int seed)
    {
        var random = new Random(seed);
        var ids = new long[count * AnyOutputModels.Tokens];
        var mask = new long[ids.Length];
        var types = new long[ids.Length];
        for (int n = 0; n < count; n++)
        {
            int real = random.Next(2, AnyOutputModels.Tokens + 1);
            int split = random.Next(1, real + 1);
            for (int t = 0; t < AnyOutputModels.Tokens; t++)
            {
                int i = n * AnyOutputModels.Tokens + t;
                ids[i] = t < real ? random.Next(1, AnyOutputModels.Vocabulary) : 0;
                mask[i] = t < real ? 1 : 0;
                types[i] = t >= split && t < real ? 1 : 0;
            }
        }
        long[] shape = [count, AnyOutputModels.Tokens];
        return new Dictionary<string, Tensor>
        {
            ["input_ids"] = tensor(ids, shape),
            ["attention_mask"] = tensor(mask, shape),
            ["token_type_ids"] = tensor(types, shape),
        };
    }

    public static Dictionary<string, Tensor> DetectorInputs(int count, long seed)
    {
        manual_seed(seed);
        return new Dictionary<string, Tensor> { ["image"] = rand([count, 3, 16, 16]) };
    }

    public static Dictionary<string, Tensor> AudioInputs(int count, long seed)
    {
        manual_seed(seed);
        return new Dictionary<string, Tensor> { ["audio"] = randn([count, AnyOutputModels.Frames, AnyOutputModels.Features]) };
    }

    public static InMemoryData Unlabelled(Dictionary<string, Tensor> inputs) => new(inputs);
}
