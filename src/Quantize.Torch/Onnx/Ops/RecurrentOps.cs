using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>
/// LSTM, GRU and RNN as ONNX defines them (gate orders iofc and zrh, forward, reverse or bidirectional, layouts 0 and
/// 1, optional bias, initial states, peepholes and clip), unrolled step by step in plain tensor ops so that
/// gradients reach W, R and B. LSTM and GRU run their default activations only, RNN Tanh, Relu or Sigmoid;
/// sequence_lens only where it equals the length.
/// </summary>
static class RecurrentOps
{
    public static Tensor[] Lstm(OnnxNode node)
    {
        var run = RecurrentRun.Of(node, gates: 4, defaultActivations: ["Sigmoid", "Tanh", "Tanh"]);
        Tensor? peepholes = node.OptionalInput(7);
        if (node.Attributes.Int("input_forget", 0) != 0) throw node.Error("input_forget is not supported");
        var outputs = new List<Tensor>();
        var lastH = new List<Tensor>();
        var lastC = new List<Tensor>();
        for (int d = 0; d < run.Directions; d++)
        {
            (Tensor w, Tensor r, Tensor? b) = run.Weights(d);
            Tensor h = run.Initial(5, d), c = run.Initial(6, d);
            Tensor? p = peepholes?.select(0, d);
            var steps = new Tensor[run.Steps];
            foreach (long t in run.Order(d))
            {
                // Clip bounds each activation's input, peephole terms included.
                Tensor[] g = Linear(run.Input.select(0, t), w, h, r, b).chunk(4, 1); // i, o, f, c
                Tensor i = run.Clip(p is null ? g[0] : g[0].add(c.mul(p.narrow(0, 0, run.Hidden)))).sigmoid();
                Tensor f = run.Clip(p is null ? g[2] : g[2].add(c.mul(p.narrow(0, 2 * run.Hidden, run.Hidden)))).sigmoid();
                c = f.mul(c).add(i.mul(run.Clip(g[3]).tanh()));
                Tensor o = run.Clip(p is null ? g[1] : g[1].add(c.mul(p.narrow(0, run.Hidden, run.Hidden)))).sigmoid();
                h = o.mul(c.tanh());
                steps[t] = h;
            }
            outputs.Add(stack(steps, 0));
            lastH.Add(h);
            lastC.Add(c);
        }
        return run.Results(outputs, lastH, lastC);
    }

    public static Tensor[] Gru(OnnxNode node)
    {
        var run = RecurrentRun.Of(node, gates: 3, defaultActivations: ["Sigmoid", "Tanh"]);
        bool linearBeforeReset = node.Attributes.Int("linear_before_reset", 0) != 0;
        var outputs = new List<Tensor>();
        var lastH = new List<Tensor>();
        long hidden = run.Hidden;
        for (int d = 0; d < run.Directions; d++)
        {
            (Tensor w, Tensor r, Tensor? b) = run.Weights(d);
            Tensor h = run.Initial(5, d);
            var steps = new Tensor[run.Steps];
            foreach (long t in run.Order(d))
            {
                Tensor x = run.Input.select(0, t).matmul(w.t());
                if (b is not null) x = x.add(b.narrow(0, 0, 3 * hidden), ScalarOne.Value);
                Tensor recurrentBias = b is null ? zeros(3 * hidden, dtype: x.dtype, device: x.device) : b.narrow(0, 3 * hidden, 3 * hidden);
                Tensor[] xs = x.chunk(3, 1); // z, r, h
                Tensor[] rw = r.chunk(3, 0);
                Tensor[] rb = recurrentBias.chunk(3, 0);
                Tensor z = run.Clip(xs[0].add(h.matmul(rw[0].t())).add(rb[0], ScalarOne.Value)).sigmoid();
                Tensor reset = run.Clip(xs[1].add(h.matmul(rw[1].t())).add(rb[1], ScalarOne.Value)).sigmoid();
                Tensor candidate = linearBeforeReset
                    ? xs[2].add(reset.mul(h.matmul(rw[2].t()).add(rb[2], ScalarOne.Value)))
                    : xs[2].add(reset.mul(h).matmul(rw[2].t())).add(rb[2], ScalarOne.Value);
                Tensor n = run.Clip(candidate).tanh();
                h = z.neg().add(1).mul(n).add(z.mul(h));
                steps[t] = h;
            }
            outputs.Add(stack(steps, 0));
            lastH.Add(h);
        }
        return run.Results(outputs, lastH, null);
    }

    /// <summary>The simple RNN: h = f(x·Wᵀ + h·Rᵀ + Wb + Rb), f Tanh by default or (per direction) Relu or Sigmoid, as PyTorch exports nn.RNN.</summary>
    public static Tensor[] Rnn(OnnxNode node)
    {
        var run = RecurrentRun.Of(node, gates: 1, defaultActivations: null);
        string[] activations = RecurrentRun.Activations(node);
        var outputs = new List<Tensor>();
        var lastH = new List<Tensor>();
        for (int d = 0; d < run.Directions; d++)
        {
            (Tensor w, Tensor r, Tensor? b) = run.Weights(d);
            Func<Tensor, Tensor> activation = (d < activations.Length ? activations[d] : "Tanh") switch
            {
                "Tanh" => t => t.tanh(),
                "Relu" => t => nn.functional.relu(t),
                "Sigmoid" => t => t.sigmoid(),
                string other => throw node.Error($"activation '{other}' is not supported (Tanh, Relu, Sigmoid)"),
            };
            Tensor h = run.Initial(5, d);
            var steps = new Tensor[run.Steps];
            foreach (long t in run.Order(d))
            {
                h = activation(run.Clip(Linear(run.Input.select(0, t), w, h, r, b)));
                steps[t] = h;
            }
            outputs.Add(stack(steps, 0));
            lastH.Add(h);
        }
        return run.Results(outputs, lastH, null);
    }

    // x·Wᵀ + h·Rᵀ + Wb + Rb for all gates at once.
    static Tensor Linear(Tensor x, Tensor w, Tensor h, Tensor r, Tensor? b)
    {
        Tensor sum = x.matmul(w.t()).add(h.matmul(r.t()));
        if (b is null) return sum;
        long half = b.shape[0] / 2;
        return sum.add(b.narrow(0, 0, half).add(b.narrow(0, half, half)), ScalarOne.Value);
    }

    /// <summary>What LSTM, GRU and RNN share: inputs in layout 0, directions, initial states, clip, and the output layout.</summary>
    sealed class RecurrentRun
    {
        readonly OnnxNode node;
        readonly bool batchFirst;
        readonly float? clip;

        RecurrentRun(OnnxNode node, Tensor input, int directions, long hidden, bool batchFirst, float? clip)
        {
            this.node = node;
            Input = input;
            Directions = directions;
            Hidden = hidden;
            this.batchFirst = batchFirst;
            this.clip = clip;
        }

        public Tensor Input { get; }
        public int Directions { get; }
        public long Hidden { get; }
        public long Steps => Input.shape[0];
        public long Batch => Input.shape[1];

        /// <param name="defaultActivations">The op's activations, which are all it runs (an exporter may still list them, as
        /// tf2onnx does); null where the op picks its activations itself.</param>
        public static RecurrentRun Of(OnnxNode node, int gates, string[]? defaultActivations)
        {
            NodeAttributes a = node.Attributes;
            if (defaultActivations is not null && Activations(node) is { Length: > 0 } listed
                && !listed.SequenceEqual(Enumerable.Range(0, listed.Length).Select(i => defaultActivations[i % defaultActivations.Length])))
                throw node.Error($"activations [{string.Join(", ", listed)}] are not supported; only the defaults [{string.Join(", ", defaultActivations)}]");
            if (a.Has("activation_alpha") || a.Has("activation_beta")) throw node.Error("activation_alpha and activation_beta are not supported");
            string direction = a.String("direction", "forward");
            int directions = direction switch
            {
                "forward" or "reverse" => 1,
                "bidirectional" => 2,
                _ => throw node.Error($"direction '{direction}' is not one of forward, reverse, bidirectional"),
            };
            bool batchFirst = a.Int("layout", 0) != 0;
            Tensor input = batchFirst ? node.Input(0).transpose(0, 1) : node.Input(0);
            Tensor w = node.Input(1);
            long hidden = a.Int("hidden_size", w.shape[1] / gates);
            if (w.shape[0] != directions || w.shape[1] != gates * hidden)
                throw node.Error($"W has shape [{string.Join(",", w.shape)}] for {directions} direction(s) of {gates}×{hidden} gates");
            if (node.OptionalInput(4) is { } lengths)
            {
                using Tensor asLong = lengths.to_type(ScalarType.Int64).cpu();
                if (asLong.data<long>().ToArray().Any(l => l != input.shape[0]))
                    throw node.Error("sequence_lens shorter than the sequence are not supported");
            }
            float? clip = a.Has("clip") ? a.Float("clip", 0f) : null;
            var run = new RecurrentRun(node, input, directions, hidden, batchFirst, clip);
            run.reverseOnly = direction == "reverse";
            return run;
        }

        bool reverseOnly;

        /// <summary>The activations attribute's names, in order (empty when absent).</summary>
        public static string[] Activations(OnnxNode node) =>
            node.Proto.Attribute.FirstOrDefault(a => a.Name == "activations") is { } list ? list.Strings.Select(b => b.ToStringUtf8()).ToArray() : [];

        public (Tensor W, Tensor R, Tensor? B) Weights(int direction) =>
            (node.Input(1).select(0, direction), node.Input(2).select(0, direction), node.OptionalInput(3)?.select(0, direction));

        public IEnumerable<long> Order(int direction)
        {
            bool backward = reverseOnly || direction == 1;
            for (long i = 0; i < Steps; i++) yield return backward ? Steps - 1 - i : i;
        }

        /// <summary>initial_h (input 5) or initial_c (input 6) for a direction; zeros when omitted.</summary>
        public Tensor Initial(int index, int direction)
        {
            if (node.OptionalInput(index) is not { } state) return zeros([Batch, Hidden], dtype: Input.dtype, device: Input.device);
            return batchFirst ? state.select(1, direction) : state.select(0, direction);
        }

        public Tensor Clip(Tensor gates) => clip is float c ? gates.clamp(-c, c) : gates;

        /// <summary>Y [T, D, N, H] (layout 1: [N, T, D, H]), Y_h and Y_c [D, N, H] (layout 1: [N, D, H]).</summary>
        public Tensor[] Results(List<Tensor> outputs, List<Tensor> lastH, List<Tensor>? lastC)
        {
            Tensor y = stack(outputs, 1);
            Tensor yh = stack(lastH, 0);
            Tensor? yc = lastC is null ? null : stack(lastC, 0);
            if (batchFirst)
            {
                y = y.permute(2, 0, 1, 3);
                yh = yh.transpose(0, 1);
                yc = yc?.transpose(0, 1);
            }
            return yc is null ? [y, yh] : [y, yh, yc];
        }
    }
}
