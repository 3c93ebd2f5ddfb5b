namespace Quantize.Cli.Sweep;

/// <summary>The units of a sweep in canonical order (method, then bits), cut down to this run's shard.</summary>
public static class SweepPlan
{
    public static IReadOnlyList<SweepUnit> Units(SweepRequest request)
    {
        List<SweepUnit> all = SweepGrid.MethodOrder.Where(request.Methods.Contains)
            .SelectMany(method => request.Bits.Order().Select(bits => new SweepUnit(method, bits)))
            .ToList();
        return request.Shard is { } shard ? all.Where((_, position) => shard.Includes(position)).ToList() : all;
    }
}
