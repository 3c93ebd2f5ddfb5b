using Quantize.Cli.Reports;

namespace Quantize.Cli.Search;

/// <summary>
/// The smallest file that meets the budget, over one knob, in few model evaluations. Size grows almost monotonically with
/// the knob's position but quality is noisy, so the search keeps every probe and reasons on all of them:
/// <list type="number">
/// <item>Bracket: from the start setting, stride towards smaller files while the budget holds, or larger ones while it
/// does not, until one setting passes and a smaller one fails (or the range ends).</item>
/// <item>Bisect on the coded size: the next position is where the log of the size, interpolated between the smallest passing
/// file and the largest failing one below it, is halfway, until they are within <see cref="SizeTolerance"/> of each other.</item>
/// <item>Check neighbours: a failure can be noise with passing settings just below it, so up to <see cref="Neighbours"/>
/// evaluations go to settings a few percent smaller than the failing end; one that passes becomes the new end and
/// bisection goes on below it.</item>
/// </list>
/// Every probe counts against the evaluation budget; a value probed once is never probed again.
/// </summary>
public sealed class KnobSearch(SearchKnob knob, int maxEvaluations, Func<double, SearchProbe> evaluate)
{
    /// <summary>Bisection stops when the failing file is within this fraction of the passing one's size.</summary>
    public const double SizeTolerance = 0.015;

    /// <summary>Evaluations set aside to check settings just below the failing end.</summary>
    public const int Neighbours = 2;

    /// <summary>How much smaller, in size, each neighbour below the failing end is.</summary>
    public const double NeighbourSpacing = 0.03;

    /// <summary>A new position stays at least this share of the bracket away from its ends, so each probe shrinks it.</summary>
    const double Margin = 0.2;

    readonly List<(double Position, SearchProbe Probe)> probed = [];

    public IReadOnlyList<SearchProbe> Probes => probed.Select(p => p.Probe).ToList();

    /// <summary>The smallest passing probe; null when none passed.</summary>
    public SearchProbe? Chosen => Passing()?.Probe;

    public KnobSearch Run()
    {
        Bracket();
        int neighboursChecked = 0;
        double? neighboursOf = null;
        while (probed.Count < maxEvaluations)
        {
            if (Passing() is not { } pass || Failing(pass.Position) is not { } fail) break;
            if (neighboursOf != fail.Position) (neighboursOf, neighboursChecked) = (fail.Position, 0);
            int reserve = Math.Max(0, Neighbours - neighboursChecked);
            if (!Converged(pass, fail) && probed.Count < maxEvaluations - reserve && Between(fail, pass) is { } next)
            {
                Probe(next);
                continue;
            }
            if (neighboursChecked >= Neighbours) break;
            neighboursChecked++;
            if (Below(fail, pass, neighboursChecked) is { } neighbour) Probe(neighbour);
        }
        return this;
    }

    /// <summary>Strides from the start until a passing setting has a failing one below it, or the range ends.</summary>
    void Bracket()
    {
        double position = knob.PositionOf(knob.Start);
        SearchProbe first = Probe(position)!;
        bool down = first.MeetsBudget;
        while (probed.Count < maxEvaluations)
        {
            double next = down ? Math.Max(knob.MinPosition, position - knob.Stride) : Math.Min(knob.MaxPosition, position + knob.Stride);
            if (next == position) return;
            position = next;
            if (Probe(position) is not { } probe) return;
            if (probe.MeetsBudget != down) return;
        }
    }

    (double Position, SearchProbe Probe)? Passing() =>
        probed.Where(p => p.Probe.MeetsBudget && p.Probe.ContainerBytes != null)
            .OrderBy(p => p.Probe.ContainerBytes).ThenBy(p => p.Position).Cast<(double, SearchProbe)?>().FirstOrDefault();

    /// <summary>The largest failing setting below a position: the other end of the bracket.</summary>
    (double Position, SearchProbe Probe)? Failing(double below) =>
        probed.Where(p => !p.Probe.MeetsBudget && p.Position < below)
            .OrderByDescending(p => p.Position).Cast<(double, SearchProbe)?>().FirstOrDefault();

    static bool Converged((double Position, SearchProbe Probe) pass, (double Position, SearchProbe Probe) fail) =>
        fail.Probe.ContainerBytes is { } failBytes && pass.Probe.ContainerBytes <= failBytes * (1 + SizeTolerance);

    /// <summary>Where log size is halfway between the ends, kept off them; null when no new value lies between (adjacent k).</summary>
    double? Between((double Position, SearchProbe Probe) fail, (double Position, SearchProbe Probe) pass)
    {
        double width = pass.Position - fail.Position;
        double next = fail.Position + width / 2;
        if (fail.Probe.ContainerBytes is long failBytes && pass.Probe.ContainerBytes is long passBytes && passBytes > failBytes)
        {
            double low = Math.Log(failBytes), high = Math.Log(passBytes);
            next = fail.Position + width * ((low + high) / 2 - low) / (high - low);
        }
        next = Math.Clamp(next, fail.Position + Margin * width, pass.Position - Margin * width);
        double value = knob.ValueAt(next);
        if (IsNew(value)) return next;
        double middle = knob.ValueAt(fail.Position + width / 2);
        return IsNew(middle) ? fail.Position + width / 2 : null;
    }

    /// <summary>The n-th neighbour below the failing end: n·<see cref="NeighbourSpacing"/> smaller in size, by the size's slope so far.</summary>
    double? Below((double Position, SearchProbe Probe) fail, (double Position, SearchProbe Probe) pass, int n)
    {
        if (knob.Kind == KnobKind.Clusters)
        {
            double k = knob.ValueAt(fail.Position) - n;
            return k >= knob.Low && IsNew(k) ? knob.PositionOf(k) : null;
        }
        double slope = SizeSlope(fail, pass);
        double position = fail.Position - n * Math.Log(1 + NeighbourSpacing) / slope;
        return position >= knob.MinPosition && IsNew(knob.ValueAt(position)) ? position : null;
    }

    /// <summary>d(ln size)/d(position) over all sized probes (from their two ends), at least a small positive number.</summary>
    double SizeSlope((double Position, SearchProbe Probe) fail, (double Position, SearchProbe Probe) pass)
    {
        var sized = probed.Where(p => p.Probe.ContainerBytes != null).OrderBy(p => p.Position).ToList();
        (double Position, SearchProbe Probe) low = sized.Count >= 2 ? sized[0] : fail, high = sized.Count >= 2 ? sized[^1] : pass;
        double slope = high.Position > low.Position && low.Probe.ContainerBytes is long a && high.Probe.ContainerBytes is long b
            ? (Math.Log(b) - Math.Log(a)) / (high.Position - low.Position)
            : 0;
        return Math.Max(slope, 1e-3);
    }

    bool IsNew(double value) => probed.All(p => p.Probe.Value != value);

    SearchProbe? Probe(double position)
    {
        double value = knob.ValueAt(position);
        if (!IsNew(value)) return probed.First(p => p.Probe.Value == value).Probe;
        if (probed.Count >= maxEvaluations) return null;
        SearchProbe probe = evaluate(value);
        probed.Add((knob.PositionOf(value), probe));
        return probe;
    }
}
