using Quantize.Cli.Reports;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Cli.Pipeline;

/// <summary>The per-parameter weights h_ii for the quantizers (null = all ones) and how the report describes them.</summary>
public sealed record ImportanceWeights(float[]? Values, HessianReport Report)
{
    public static ImportanceWeights Resolve(CompressRequest request, ModelProto model, IReadOnlyList<ParameterTensor> parameters)
    {
        HessianSpec spec = request.Hessian;
        return spec.Kind switch
        {
            HessianSourceKind.None => new ImportanceWeights(null, new HessianReport("none", null, null)),
            HessianSourceKind.File => new ImportanceWeights(ParameterWeights.FromFile(spec.Path!, parameters), new HessianReport("file", spec.Path, null)),
            HessianSourceKind.AdamMoments => new ImportanceWeights(ParameterWeights.FromAdamMoments(spec.Path!, parameters), new HessianReport("adam", spec.Path, null)),
            _ => HessianComputation.Estimate(request, model, parameters),
        };
    }
}
