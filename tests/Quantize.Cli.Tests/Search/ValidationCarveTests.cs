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
}
