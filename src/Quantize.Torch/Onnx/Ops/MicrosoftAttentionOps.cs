using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>
/// The com.microsoft ops that ONNX Runtime's BERT optimizer fuses an encoder's embeddings and self-attention into
/// (EmbedLayerNormalization, Attention, or MultiHeadAttention for newer fusions); an optimized BERT runs only with
/// them. Inference forms only: no past state.
/// </summary>
static class MicrosoftAttentionOps
{
    /// <summary>
    /// Multi-head self-attention with the Q, K and V projections fused into one weight [in, q+k+v]. mask_index may be
    /// key lengths [B], end and start positions [2B], or a raw 0/1 mask [B, S] or [B, S, S]; masked scores get
    /// mask_filter_value added (unidirectional masks the future too). Output [B, S, v hidden].
    /// </summary>
    public static Tensor Attention(OnnxNode node)
    {
        if (node.OptionalInput(4) is not null) throw node.Error("past state is not supported");
        if (node.Proto.Output.Skip(1).Any(o => o.Length > 0)) throw node.Error("the present output is not supported");
        Tensor input = node.Input(0);
        long heads = node.Attributes.Int("num_heads", 0);
        if (heads < 1) throw node.Error("num_heads is required");
        Tensor projected = input.matmul(node.Input(1));
        if (node.OptionalInput(2) is { } bias) projected = projected.add(bias, ScalarOne.Value);
        long hidden = node.Input(1).shape[1] / 3;
        long[] sizes = node.Attributes.Ints("qkv_hidden_sizes") ?? [hidden, hidden, node.Input(1).shape[1] - 2 * hidden];
        Tensor[] qkv = projected.split(sizes, -1);
        long batch = input.shape[0], length = input.shape[1];
        float scale = node.Attributes.Float("scale", 0f) is var s && s != 0f ? s : 1f / MathF.Sqrt(sizes[0] / heads);
        return Attend(node, qkv[0], qkv[1], qkv[2], heads, scale, Masked(node, node.OptionalInput(3), batch, length), node.OptionalInput(5));
    }

    /// <summary>
    /// Attention with separate query [B, S, D], key [B, L, D] and value [B, L, Dv] (cross-attention, or the fusion ORT's
    /// optimizer writes for newer encoders), the optional bias [D + D + Dv] added to each. key_padding_mask takes the
    /// forms of Attention's mask_index; attention_bias is added to the scores. No packed inputs, no past state.
    /// </summary>
    public static Tensor MultiHeadAttention(OnnxNode node)
    {
        if (node.OptionalInput(6) is not null || node.OptionalInput(7) is not null) throw node.Error("past state is not supported");
        if (node.Proto.Output.Skip(1).Any(o => o.Length > 0)) throw node.Error("the present outputs are not supported");
        Tensor query = node.Input(0);
        Tensor key = node.OptionalInput(1) ?? throw node.Error("packed query, key and value are not supported");
        Tensor value = node.OptionalInput(2) ?? throw node.Error("packed key and value are not supported");
        if (query.dim() != 3 || key.dim() != 3 || value.dim() != 3) throw node.Error("query, key and value must be [batch, length, hidden]");
        long heads = node.Attributes.Int("num_heads", 0);
        if (heads < 1) throw node.Error("num_heads is required");
        if (node.OptionalInput(3) is { } bias)
        {
            Tensor[] parts = bias.split([query.shape[2], key.shape[2], value.shape[2]], 0);
            (query, key, value) = (query.add(parts[0], ScalarOne.Value), key.add(parts[1], ScalarOne.Value), value.add(parts[2], ScalarOne.Value));
        }
        float scale = node.Attributes.Float("scale", 0f) is var s && s != 0f ? s : 1f / MathF.Sqrt(query.shape[2] / heads);
        return Attend(node, query, key, value, heads, scale, Masked(node, node.OptionalInput(4), query.shape[0], key.shape[1]), node.OptionalInput(5));
    }

    // softmax(q·kᵀ·scale + mask·filter + bias [+ future·filter]) · v over heads, back to [B, S, heads · head size].
    static Tensor Attend(OnnxNode node, Tensor query, Tensor key, Tensor value, long heads, float scale, Tensor? masked, Tensor? scoreBias)
    {
        long batch = query.shape[0], length = query.shape[1], keys = key.shape[1];
        Tensor Heads(Tensor t) => t.reshape(t.shape[0], t.shape[1], heads, -1).transpose(1, 2);
        Tensor scores = Heads(query).matmul(Heads(key).transpose(-1, -2)).mul(scale);
        float filter = node.Attributes.Float("mask_filter_value", -10000f);
        if (masked is not null) scores = scores.add(masked.to_type(scores.dtype).mul(filter).unsqueeze(1), ScalarOne.Value);
        if (scoreBias is not null) scores = scores.add(scoreBias, ScalarOne.Value);
        if (node.Attributes.Int("unidirectional", 0) != 0)
        {
            // Added like the key mask (as ORT does), not filled in: a future key that is also masked gets twice the filter.
            Tensor future = ones(length, keys, scores.dtype, scores.device).triu(1 + keys - length);
            scores = scores.add(future.mul(filter), ScalarOne.Value);
        }
        return scores.softmax(-1).matmul(Heads(value)).transpose(1, 2).reshape(batch, length, -1);
    }

    // True (as 1) where a key may not be attended to, as [B, S or 1, S]; null without a mask.
    static Tensor? Masked(OnnxNode node, Tensor? mask, long batch, long length)
    {
        if (mask is null) return null;
        mask = mask.to(node.Device);
        Tensor positions = arange(length, dtype: ScalarType.Int64, device: mask.device);
        Tensor m = mask.to_type(ScalarType.Int64);
        return (mask.dim(), mask.shape[0]) switch
        {
            (1, var n) when n == batch => positions.ge(m.unsqueeze(1)).unsqueeze(1),
            (1, var n) when n == 2 * batch => positions.ge(m[..(int)batch].unsqueeze(1)).logical_or(positions.lt(m[(int)batch..].unsqueeze(1))).unsqueeze(1),
            (2, _) => m.eq(0).unsqueeze(1),
            (3, _) => m.eq(0),
            _ => throw node.Error($"mask_index of shape [{string.Join(",", mask.shape)}] is not supported (key lengths [B], ends and starts [2B], or a raw [B, S] or [B, S, S] mask)"),
        };
    }

    /// <summary>
    /// Word + position (+ segment) embeddings of int32 ids, layer-normalized over the hidden axis. Outputs: the embedding
    /// [B, S, H]; the mask index, each row's count of mask ones as int32 [B] (zeros without a mask); and the sum before
    /// normalization. Positions are 0..S−1 unless position_ids are given.
    /// </summary>
    public static Tensor[] EmbedLayerNormalization(OnnxNode node)
    {
        Tensor ids = node.Input(0).to_type(ScalarType.Int64).to(node.Input(2).device);
        long batch = ids.shape[0], length = ids.shape[1];
        Tensor positionIds = node.OptionalInput(8) is { } given
            ? given.to_type(ScalarType.Int64).to(ids.device).expand(batch, length)
            : arange(length, dtype: ScalarType.Int64, device: ids.device).expand(batch, length);
        Tensor sum = Lookup(node.Input(2), ids).add(Lookup(node.Input(3), positionIds), ScalarOne.Value);
        if (node.OptionalInput(1) is { } segments && node.OptionalInput(4) is { } segmentTable)
            sum = sum.add(Lookup(segmentTable, segments.to_type(ScalarType.Int64).to(ids.device)), ScalarOne.Value);
        Tensor mean = sum.mean([-1L], keepdim: true);
        Tensor centered = sum.sub(mean);
        Tensor y = centered.mul(centered.square().mean([-1L], keepdim: true).add(node.Attributes.Float("epsilon", 1e-12f)).rsqrt())
            .mul(node.Input(5)).add(node.Input(6), ScalarOne.Value);
        Tensor maskIndex = node.OptionalInput(7) is { } mask
            ? mask.to(ids.device).to_type(ScalarType.Int64).ne(0).sum(1).to_type(ScalarType.Int32)
            : zeros(batch, ScalarType.Int32, ids.device);
        return [y, maskIndex, sum];
    }

    static Tensor Lookup(Tensor table, Tensor ids) => table.index_select(0, ids.flatten()).reshape([.. ids.shape, table.shape[1]]);
}
