using Quantize.Format.Container.Proto;

namespace Quantize.Format.Container;

/// <summary>
/// Structural checks of a container body against the rules of docs/format.md, done before decoding so
/// that no declared size is trusted: every symbol takes at least one bit, so a codebook may declare no
/// more symbols than its stream has bits, which bounds every allocation by the file size.
/// </summary>
static class NqzValidator
{
    public static void Validate(NqzBody body, string description)
    {
        void Fail(string problem) => throw new NqzFormatException($"{description} is invalid: {problem}");

        if (body.Codebooks.Count == 0) Fail("no codebooks");
        if (body.Tensors.Count == 0) Fail("no quantized tensors");

        for (int c = 0; c < body.Codebooks.Count; c++)
        {
            Codebook codebook = body.Codebooks[c];
            SharedValues.Validate(codebook, c, Fail);
            int k = SharedValues.Count(codebook);
            switch (codebook.Coding)
            {
                case SymbolCoding.Huffman:
                    if (codebook.CodeLengths.Count != k) Fail($"codebook {c} has {codebook.CodeLengths.Count} code lengths for {k} values");
                    foreach (uint length in codebook.CodeLengths)
                        if (length > NqzLimits.MaxCodeLength) Fail($"codebook {c} has a code length of {length} bits (at most {NqzLimits.MaxCodeLength})");
                    break;
                case SymbolCoding.Fixed:
                    if (codebook.CodeLengths.Count != 0) Fail($"codebook {c} uses fixed-length coding but lists code lengths");
                    break;
                case SymbolCoding.Ans:
                    if (codebook.CodeLengths.Count != 0) Fail($"codebook {c} uses ANS coding but lists code lengths");
                    if (codebook.AnsTableBits > (ulong)codebook.AnsTable.Length * 8 || (ulong)codebook.AnsTable.Length != (codebook.AnsTableBits + 7) / 8)
                        Fail($"codebook {c} declares {codebook.AnsTableBits} table bits but holds {codebook.AnsTable.Length} bytes");
                    if (codebook.StreamBits != (ulong)codebook.Stream.Length * 8)
                        Fail($"codebook {c} declares {codebook.StreamBits} stream bits for a {codebook.Stream.Length}-byte ANS payload");
                    break;
                case SymbolCoding.Context:
                    if (codebook.CodeLengths.Count != 0 || codebook.AnsTable.Length != 0 || codebook.AnsTableBits != 0)
                        Fail($"codebook {c} uses context coding but lists code lengths or an ANS table");
                    if (codebook.StreamBits != (ulong)codebook.Stream.Length * 8 || codebook.Stream.Length < 4)
                        Fail($"codebook {c} declares {codebook.StreamBits} stream bits for a {codebook.Stream.Length}-byte context-coded stream (whole bytes, at least 4)");
                    break;
                default:
                    Fail($"codebook {c} names unknown coding {(int)codebook.Coding}");
                    break;
            }
            if (codebook.StreamBits > (ulong)codebook.Stream.Length * 8 || (ulong)codebook.Stream.Length != (codebook.StreamBits + 7) / 8)
                Fail($"codebook {c} declares {codebook.StreamBits} stream bits but holds {codebook.Stream.Length} bytes");
            ulong perBit = codebook.Coding switch
            {
                SymbolCoding.Ans => NqzLimits.MaxAnsSymbolsPerBit,
                SymbolCoding.Context => Quantize.Core.Coding.Context.AdaptiveBit.MaxDecisionsPerBit,
                _ => 1UL,
            };
            if (codebook.SymbolCount > codebook.StreamBits * perBit)
                Fail($"codebook {c} declares {codebook.SymbolCount} symbols in {codebook.StreamBits} bits");
            if (codebook.SymbolCount > NqzLimits.MaxSymbolsPerCodebook)
                Fail($"codebook {c} declares {codebook.SymbolCount} symbols (at most {NqzLimits.MaxSymbolsPerCodebook})");
        }

        var symbolsPerCodebook = new ulong[body.Codebooks.Count];
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (QuantizedTensor tensor in body.Tensors)
        {
            if (!names.Add(tensor.Name)) Fail($"tensor '{tensor.Name}' appears twice");
            if (tensor.Codebook >= body.Codebooks.Count) Fail($"tensor '{tensor.Name}' names codebook {tensor.Codebook}, which does not exist");
            if (tensor.Dims.Count > NqzLimits.MaxTensorRank) Fail($"tensor '{tensor.Name}' has rank {tensor.Dims.Count}");
            ulong symbols = body.Codebooks[(int)tensor.Codebook].SymbolCount;
            // A dense tensor has a symbol per element; a pruned one at most 2^b elements per entry, plus 2^b - 1 after the last.
            ulong limit = symbols;
            if (tensor.Significance is { } significance)
                limit = (ulong)significance.Stream.Length * 8 * Quantize.Core.Coding.Context.AdaptiveBit.MaxDecisionsPerBit;
            else if (tensor.Positions is { } positions)
            {
                PositionsValidator.Validate(positions, tensor.Name, Fail);
                limit = (positions.EntryCount + 1) << (int)positions.GapBits;
            }
            ulong count = 1;
            foreach (long dim in tensor.Dims)
            {
                if (dim < 0) Fail($"tensor '{tensor.Name}' has a negative dimension");
                if (dim != 0 && count > limit / (ulong)dim) Fail($"tensor '{tensor.Name}' has more elements than its codebook symbols or positions can describe");
                count *= (ulong)dim;
            }
            ContainerScales.Validate(tensor, count, Fail);
            if (tensor.Significance != null)
            {
                CodedSignificance.Validate(tensor, count, Fail);
                count = tensor.Significance.KeptCount;
            }
            else if (tensor.Positions is { } coded)
            {
                if (count > int.MaxValue) Fail($"tensor '{tensor.Name}' has {count} elements; a pruned tensor may have at most {int.MaxValue}");
                if (coded.EntryCount > count) Fail($"tensor '{tensor.Name}' declares {coded.EntryCount} positions but has {count} elements");
                count = coded.EntryCount;
            }
            if (count > symbols) Fail($"tensor '{tensor.Name}' needs more symbols than its codebook holds");
            symbolsPerCodebook[tensor.Codebook] += count;
        }
        for (int c = 0; c < body.Codebooks.Count; c++)
            if (symbolsPerCodebook[c] != body.Codebooks[c].SymbolCount)
                Fail($"codebook {c} holds {body.Codebooks[c].SymbolCount} symbols but its tensors have {symbolsPerCodebook[c]} elements");
        if (body.SafeTensors is { } layout) SafeTensorsLayoutRules.Validate(layout, Fail);
    }
}
