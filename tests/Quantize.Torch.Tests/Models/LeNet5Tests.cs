using Quantize.Torch.Models;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.Models;

public class LeNet5Tests
{
    public LeNet5Tests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void HasThePapersParameterCount()
    {
        using var model = new LeNet5();
        long count = model.parameters().Sum(p => p.numel());
        Assert.Equal(LeNet5.ParameterCount, count);
    }

    [Fact]
    public void MapsImagesToTenLogits()
    {
        using var model = new LeNet5();
        using Tensor logits = model.forward(zeros(3, 1, 28, 28));
        Assert.Equal(new long[] { 3, 10 }, logits.shape);
    }
}
