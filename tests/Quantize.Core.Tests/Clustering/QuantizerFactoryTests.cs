using Quantize.Core.Clustering;
using Quantize.Core.Clustering.Ecsq;
using Quantize.Core.Clustering.KMeans;
using Quantize.Core.Clustering.Optimal;
using Quantize.Core.Clustering.Uniform;

namespace Quantize.Core.Tests.Clustering;

public class QuantizerFactoryTests
{
    [Fact]
    public void BuildsTheQuantizerEachChoiceNames()
    {
        Assert.IsType<KMeansQuantizer>(Create(QuantizationMethod.KMeans, clusters: 8, solver: ClusteringSolver.Lloyd));
        Assert.False(Assert.IsType<KMeansQuantizer>(Create(QuantizationMethod.KMeans, clusters: 8, solver: ClusteringSolver.Lloyd)).Weighted);
        Assert.True(Assert.IsType<KMeansQuantizer>(Create(QuantizationMethod.HessianKMeans, clusters: 8, solver: ClusteringSolver.Lloyd)).Weighted);
        Assert.IsType<OptimalWeightedQuantizer>(Create(QuantizationMethod.HessianKMeans, clusters: 8)); // the default solver
        Assert.IsType<UniformQuantizer>(Create(QuantizationMethod.Uniform, clusters: 8));
        Assert.IsType<RateControlledUniformQuantizer>(Create(QuantizationMethod.Uniform, rate: 3));
        Assert.IsType<EcsqQuantizer>(Create(QuantizationMethod.Ecsq, rate: 3));

        var dp = Assert.IsType<OptimalWeightedQuantizer>(Create(QuantizationMethod.HessianKMeans, clusters: 8, solver: ClusteringSolver.DynamicProgramming));
        Assert.True(dp.UseWeights);
        var plainDp = Assert.IsType<OptimalWeightedQuantizer>(Create(QuantizationMethod.KMeans, clusters: 8, solver: ClusteringSolver.DynamicProgramming));
        Assert.False(plainDp.UseWeights);
    }

    [Fact]
    public void PassesTheSettingsThrough()
    {
        var lloyd = (KMeansQuantizer)QuantizerFactory.Create(new QuantizerOptions
        {
            Method = QuantizationMethod.HessianKMeans, Clusters = 32, Seed = 9, Initialization = CenterInitialization.KMeansPlusPlus, MaxIterations = 17,
        });
        Assert.Equal((32, 9, CenterInitialization.KMeansPlusPlus, 17), (lloyd.ClusterCount, lloyd.Seed, lloyd.Initialization, lloyd.MaxIterations));

        var uniform = (UniformQuantizer)QuantizerFactory.Create(new QuantizerOptions { Method = QuantizationMethod.Uniform, Clusters = 5, Center = CenterMean.Weighted });
        Assert.Equal((5, true), (uniform.CellCount, uniform.WeightedCenters));

        var ecsq = (EcsqQuantizer)QuantizerFactory.Create(new QuantizerOptions { Method = QuantizationMethod.Ecsq, Rate = 2.5, MaxPoints = 1000, MaxIterations = 50 });
        Assert.Equal((2.5, 1000, 50), (ecsq.Rate, ecsq.MaxPoints, ecsq.MaxIterations));

        var dp = (OptimalWeightedQuantizer)Create(QuantizationMethod.KMeans, clusters: 4, solver: ClusteringSolver.DynamicProgramming);
        Assert.Equal(OptimalWeightedQuantizer.DefaultMaxPoints, dp.MaxPoints);
    }

    public static TheoryData<QuantizerOptions, string> Conflicts => new()
    {
        { new() { Method = QuantizationMethod.KMeans }, "needs a number of clusters" },
        { new() { Method = QuantizationMethod.HessianKMeans, Clusters = 0 }, "at least 1" },
        { new() { Method = QuantizationMethod.KMeans, Clusters = 8, Rate = 3 }, "not a target rate" },
        { new() { Method = QuantizationMethod.KMeans, Clusters = 8, Center = CenterMean.Weighted }, "use hkmeans" },
        { new() { Method = QuantizationMethod.HessianKMeans, Clusters = 8, Center = CenterMean.Plain }, "use kmeans" },
        { new() { Method = QuantizationMethod.HessianKMeans, Clusters = 8, Solver = ClusteringSolver.DynamicProgramming, Initialization = CenterInitialization.Linear }, "--init" },
        { new() { Method = QuantizationMethod.HessianKMeans, Clusters = 8, MaxPoints = 100, Solver = ClusteringSolver.Lloyd }, "not lloyd" },
        { new() { Method = QuantizationMethod.Uniform }, "uniform needs one of a number of cells" },
        { new() { Method = QuantizationMethod.Uniform, Clusters = 8, Rate = 3 }, "uniform needs one of" },
        { new() { Method = QuantizationMethod.Uniform, Step = 0.1, Rate = 3 }, "or a step (--step)" },
        { new() { Method = QuantizationMethod.Uniform, Step = -0.1 }, "the step must be a positive number" },
        { new() { Method = QuantizationMethod.KMeans, Clusters = 8, Step = 0.1 }, "kmeans takes a number of clusters" },
        { new() { Method = QuantizationMethod.Ecsq, Rate = 3, Step = 0.1 }, "ecsq takes a target rate" },
        { new() { Method = QuantizationMethod.Uniform, Clusters = 8, Solver = ClusteringSolver.Lloyd }, "--solver" },
        { new() { Method = QuantizationMethod.Uniform, Rate = 3, MaxIterations = 5 }, "does not iterate" },
        { new() { Method = QuantizationMethod.Ecsq }, "needs a target rate" },
        { new() { Method = QuantizationMethod.Ecsq, Rate = 3, Clusters = 16 }, "drop --clusters" },
        { new() { Method = QuantizationMethod.Ecsq, Rate = 3, Initialization = CenterInitialization.KMeansPlusPlus }, "--init" },
        { new() { Method = QuantizationMethod.Ecsq, Rate = 3, Center = CenterMean.Plain }, "weighted" },
        { new() { Method = QuantizationMethod.Ecsq, Rate = 0 }, "more than 0" },
        { new() { Method = QuantizationMethod.Uniform, Rate = 40 }, "at most 32" },
        { new() { Method = QuantizationMethod.Ecsq, Rate = double.NaN }, "more than 0" },
        { new() { Method = QuantizationMethod.KMeans, Clusters = 4, MaxIterations = 0 }, "iteration limit" },
        { new() { Method = QuantizationMethod.KMeans, Clusters = 4, Solver = ClusteringSolver.DynamicProgramming, MaxPoints = 1 }, "at least 2" },
    };

    [Theory]
    [MemberData(nameof(Conflicts))]
    public void RejectsConflictingOptions_WithAMessageForUsers(QuantizerOptions options, string expected)
    {
        var error = Assert.Throws<QuantizationException>(() => QuantizerFactory.Create(options));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Defaults_AreLinearLloydWithPlainUniformCentres()
    {
        var lloyd = (KMeansQuantizer)QuantizerFactory.Create(new QuantizerOptions { Method = QuantizationMethod.KMeans, Clusters = 3, Solver = ClusteringSolver.Lloyd });
        Assert.Equal((CenterInitialization.Linear, KMeansQuantizer.DefaultMaxIterations, 0), (lloyd.Initialization, lloyd.MaxIterations, lloyd.Seed));
        Assert.Equal(EcsqQuantizer.DefaultMaxIterations, ((EcsqQuantizer)Create(QuantizationMethod.Ecsq, rate: 2)).MaxIterations);
        Assert.False(((RateControlledUniformQuantizer)Create(QuantizationMethod.Uniform, rate: 2)).WeightedCenters);
        Assert.Equal(ClusteringSolver.DynamicProgramming, new QuantizerOptions().EffectiveSolver);
        Assert.Equal(ClusteringSolver.Lloyd, new QuantizerOptions { Initialization = CenterInitialization.KMeansPlusPlus }.EffectiveSolver);
    }

    [Fact]
    public void NamesParseAndPrintBothWays()
    {
        foreach (QuantizationMethod m in Enum.GetValues<QuantizationMethod>()) Assert.Equal(m, QuantizerNames.ParseMethod(QuantizerNames.Of(m)));
        foreach (ClusteringSolver s in Enum.GetValues<ClusteringSolver>()) Assert.Equal(s, QuantizerNames.ParseSolver(QuantizerNames.Of(s)));
        foreach (CenterInitialization i in Enum.GetValues<CenterInitialization>()) Assert.Equal(i, QuantizerNames.ParseInitialization(QuantizerNames.Of(i)));
        foreach (CenterMean c in Enum.GetValues<CenterMean>()) Assert.Equal(c, QuantizerNames.ParseCenter(QuantizerNames.Of(c)));
        Assert.Equal(QuantizationMethod.HessianKMeans, QuantizerNames.ParseMethod("HKMeans"));
        Assert.Equal(ClusteringSolver.DynamicProgramming, QuantizerNames.ParseSolver("dp"));
    }

    [Fact]
    public void UnknownName_ListsTheChoices()
    {
        var error = Assert.Throws<QuantizationException>(() => QuantizerNames.ParseMethod("kmedians"));
        Assert.Contains("unknown method 'kmedians' (expected kmeans, hkmeans, uniform, ecsq)", error.Message);
    }

    [Fact]
    public void QuantizerNamesMatchTheMethods()
    {
        Assert.Equal("kmeans", Create(QuantizationMethod.KMeans, clusters: 2).Name);
        Assert.Equal("hkmeans", Create(QuantizationMethod.HessianKMeans, clusters: 2).Name);
        Assert.Equal("hkmeans", Create(QuantizationMethod.HessianKMeans, clusters: 2, solver: ClusteringSolver.DynamicProgramming).Name);
        Assert.Equal("uniform", Create(QuantizationMethod.Uniform, rate: 2).Name);
        Assert.Equal("ecsq", Create(QuantizationMethod.Ecsq, rate: 2).Name);
    }

    static IQuantizer Create(QuantizationMethod method, int? clusters = null, double? rate = null, ClusteringSolver? solver = null) =>
        QuantizerFactory.Create(new QuantizerOptions { Method = method, Clusters = clusters, Rate = rate, Solver = solver });
}
