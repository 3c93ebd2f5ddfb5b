using Quantize.Cli.Reports;

namespace Quantize.Cli.Search;

/// <summary>
/// The exhaustive reference a search is measured against (--search-grid N): N settings evenly spaced in the knob's position
/// (log scale) over the whole range, every one evaluated on the same validation split, the smallest passing file chosen.
/// </summary>
public static class KnobGrid
{
    public static (IReadOnlyList<SearchProbe> Probes, SearchProbe? Chosen) Run(SearchKnob knob, int points, Func<double, SearchProbe> evaluate)
    {
        var values = new List<double>();
        for (int i = 0; i < points; i++)
        {
            double position = points == 1 ? knob.MinPosition : knob.MinPosition + (knob.MaxPosition - knob.MinPosition) * i / (points - 1);
            double value = knob.ValueAt(position);
            if (!values.Contains(value)) values.Add(value);
        }
        List<SearchProbe> probes = values.Select(evaluate).ToList();
        SearchProbe? chosen = probes.Where(p => p.MeetsBudget && p.ContainerBytes != null).OrderBy(p => p.ContainerBytes).FirstOrDefault();
        return (probes, chosen);
    }
}
