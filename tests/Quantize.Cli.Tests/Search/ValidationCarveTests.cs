using Quantize.Cli.Pipeline;

namespace Quantize.Cli.Tests.Search;

public class ValidationCarveTests
{
    [Fact]
    public void CarvesDisjointSortedSplitsThatCoverTheTrainingSplit()
    {
        (int[] validation, int[] train) = new ValidationCarve(30, 7).Split(100);
        Assert.Equal(30, validation.Length);
        Assert.Equal(70, train.Length);
        Assert.Equal(validation.Order(), validation);
        Assert.Equal(train.Order(), train);
        Assert.Equal(Enumerable.Range(0, 100), validation.Concat(train).Order());
    }

    [Fact]
    public void TheSameSeedCarvesTheSameSamplesAndAnotherSeedOthers()
    {
        Assert.Equal(new ValidationCarve(30, 7).Split(100).Validation, new ValidationCarve(30, 7).Split(100).Validation);
        Assert.NotEqual(new ValidationCarve(30, 7).Split(100).Validation, new ValidationCarve(30, 8).Split(100).Validation);
    }

    [Fact]
    public void TakesAFifthByDefaultAtMostTenThousand()
    {
        Assert.Equal(1000, new ValidationCarve(null, 1).CountOf(5000));
        Assert.Equal(10_000, new ValidationCarve(null, 1).CountOf(60_000 * 2));
    }

    [Theory]
    [InlineData(100, 100)]
    [InlineData(150, 100)]
    public void RefusesToTakeEveryTrainingSample(int samples, int train) =>
        Assert.Contains("must leave training samples", Assert.Throws<UserInputException>(() => new ValidationCarve(samples, 1).Split(train)).Message);

    [Fact]
    public void FromAPosition_TakesOnlySamplesAtOrAfterIt_AndTrainingKeepsTheRest()
    {
        // A model trained with --limit 60 saw positions 0..59: the split must hold none of them.
        (int[] validation, int[] train) = new ValidationCarve(20, 7, From: 60).Split(100);
        Assert.Equal(20, validation.Length);
        Assert.All(validation, i => Assert.InRange(i, 60, 99));
        Assert.Equal(Enumerable.Range(0, 100), validation.Concat(train).Order());
        // The default count is a fifth of the samples it may take.
        Assert.Equal(8, new ValidationCarve(null, 7, From: 60).CountOf(100));
    }

    [Fact]
    public void FromZero_CarvesWhatTheCarveAlwaysCarved() =>
        Assert.Equal(new ValidationCarve(30, 7).Split(100).Validation, new ValidationCarve(30, 7, From: 0).Split(100).Validation);

    [Theory]
    [InlineData(100, null, "leaves nothing to carve")]
    [InlineData(90, 20, "more than the 10 training samples from position 90 on")]
    public void FromTooLate_IsRefused(int from, int? samples, string message) =>
        Assert.Contains(message, Assert.Throws<UserInputException>(() => new ValidationCarve(samples, 1, from).Split(100)).Message);
}
