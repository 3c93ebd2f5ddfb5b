using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>NonMaxSuppression, the post-processing that detection exports end with; it only selects, so it runs on the CPU without gradients.</summary>
static class DetectionOps
{
    /// <summary>
    /// Per batch and class, greedily keeps the highest-scoring boxes (score above score_threshold) that overlap no kept
    /// box by IoU above iou_threshold, at most max_output_boxes_per_class of them (default 0: none). Returns int64
    /// [selected, 3] rows of (batch, class, box), by batch, then class, then descending score (ties: lower box first),
    /// as ONNX Runtime orders them. Boxes are corners [y1, x1, y2, x2] in either order (center_point_box = 0) or
    /// [x_center, y_center, width, height] (1).
    /// </summary>
    public static Tensor NonMaxSuppression(OnnxNode node)
    {
        Tensor boxesInput = node.Input(0), scoresInput = node.Input(1);
        if (boxesInput.dim() != 3 || boxesInput.shape[2] != 4) throw node.Error($"boxes must be [batch, boxes, 4], not [{string.Join(",", boxesInput.shape)}]");
        if (scoresInput.dim() != 3 || scoresInput.shape[0] != boxesInput.shape[0] || scoresInput.shape[2] != boxesInput.shape[1])
            throw node.Error($"scores must be [batch, classes, boxes] for boxes [{string.Join(",", boxesInput.shape)}], not [{string.Join(",", scoresInput.shape)}]");
        long maxPerClass = node.OptionalLongs(2) is { Length: > 0 } m ? m[0] : 0;
        float iouThreshold = OptionalFloat(node, 3) ?? 0f;
        float? scoreThreshold = OptionalFloat(node, 4);
        bool centered = node.Attributes.Int("center_point_box", 0) != 0;

        int batches = (int)boxesInput.shape[0], count = (int)boxesInput.shape[1], classes = (int)scoresInput.shape[1];
        float[] boxes = Floats(boxesInput), scores = Floats(scoresInput);
        var selected = new List<long>();
        for (int b = 0; b < batches; b++)
        {
            var corners = new (float Top, float Left, float Bottom, float Right)[count];
            for (int i = 0; i < count; i++) corners[i] = Corners(boxes.AsSpan((b * count + i) * 4, 4), centered);
            for (int c = 0; c < classes; c++)
            {
                int offset = (b * classes + c) * count;
                int[] candidates = Enumerable.Range(0, count)
                    .Where(i => scoreThreshold is not float t || scores[offset + i] > t)
                    .OrderByDescending(i => scores[offset + i]).ThenBy(i => i).ToArray();
                var kept = new List<int>();
                foreach (int i in candidates)
                {
                    if (kept.Count >= maxPerClass) break;
                    if (kept.Any(j => Overlaps(corners[i], corners[j], iouThreshold))) continue;
                    kept.Add(i);
                    selected.AddRange([b, c, i]);
                }
            }
        }
        return tensor(selected.ToArray(), [selected.Count / 3, 3], ScalarType.Int64, node.Device);
    }

    static (float Top, float Left, float Bottom, float Right) Corners(ReadOnlySpan<float> box, bool centered)
    {
        if (centered) return (box[1] - box[3] / 2, box[0] - box[2] / 2, box[1] + box[3] / 2, box[0] + box[2] / 2);
        return (Math.Min(box[0], box[2]), Math.Min(box[1], box[3]), Math.Max(box[0], box[2]), Math.Max(box[1], box[3]));
    }

    // As ONNX Runtime decides it: boxes without area or without intersection never suppress each other.
    static bool Overlaps((float Top, float Left, float Bottom, float Right) a, (float Top, float Left, float Bottom, float Right) b, float threshold)
    {
        float height = Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Top, b.Top), width = Math.Min(a.Right, b.Right) - Math.Max(a.Left, b.Left);
        if (height <= 0 || width <= 0) return false;
        float intersection = height * width;
        float areaA = (a.Bottom - a.Top) * (a.Right - a.Left), areaB = (b.Bottom - b.Top) * (b.Right - b.Left);
        float union = areaA + areaB - intersection;
        if (areaA <= 0 || areaB <= 0 || union <= 0) return false;
        return intersection / union > threshold;
    }

    static float? OptionalFloat(OnnxNode node, int index)
    {
        if (node.OptionalInput(index) is not { } value || value.numel() == 0) return null;
        using Tensor cpu = value.to_type(ScalarType.Float32).cpu();
        return cpu.flatten()[0].item<float>();
    }

    static float[] Floats(Tensor value)
    {
        using Tensor cpu = value.detach().to_type(ScalarType.Float32).cpu().contiguous();
        return cpu.data<float>().ToArray();
    }
}
