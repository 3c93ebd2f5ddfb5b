using Quantize.Torch;
using static TorchSharp.torch;

namespace Quantize.Cli.Pipeline;

/// <summary>Turns a --device value into a torch device for the pipelines; one this build or machine cannot give is the user's to fix (exit 2).</summary>
public static class DeviceChoice
{
    public static Device Resolve(string name)
    {
        try
        {
            return TorchDevices.Resolve(name);
        }
        catch (TorchDeviceException e)
        {
            throw new UserInputException(e.Message);
        }
    }
}
