namespace Quantize.Cli;

public static class Program
{
    public static int Main(string[] args) => QuantizeApp.Run(args, Console.Out, Console.Error);
}
