using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>
/// NonMaxSuppression, the post-processing that detection exports end with (it only selects, so it runs on the CPU
/// without gradients), and RoiAlign, the pooling of two-stage detectors' heads.
/// </summary>
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

    /// <summary>
    /// For each region (x1, y1, x2, y2, scaled by spatial_scale) of image batch_indices[r], an output_height × output_width
    /// grid of bins, each the average (or max) of sampling_ratio² bilinear samples (adaptive: ceil(bin size) per axis when
    /// 0). half_pixel coordinates (the default from opset 16) shift by half a pixel; output_half_pixel (opset 10's only
    /// behaviour) does not, and makes regions at least one pixel. Sample positions and weights follow ONNX Runtime's.
    /// </summary>
    public static Tensor RoiAlign(OnnxNode node)
    {
        Tensor input = node.Input(0);
        if (input.dim() != 4) throw node.Error($"input has rank {input.dim()}; RoiAlign needs [N, C, H, W]");
        float[] rois = Floats(node.Input(1));
        long[] images = node.Longs(2);
        if (rois.Length != images.Length * 4) throw node.Error($"{rois.Length / 4} regions and {images.Length} batch indices");
        NodeAttributes a = node.Attributes;
        int outHeight = (int)a.Int("output_height", 1), outWidth = (int)a.Int("output_width", 1), ratio = (int)a.Int("sampling_ratio", 0);
        float scale = a.Float("spatial_scale", 1f);
        bool halfPixel = a.String("coordinate_transformation_mode", node.Opset >= 16 ? "half_pixel" : "output_half_pixel") switch
        {
            "half_pixel" => true,
            "output_half_pixel" => false,
            string other => throw node.Error($"coordinate_transformation_mode '{other}' is not one of half_pixel, output_half_pixel"),
        };
        bool max = a.String("mode", "avg") switch
        {
            "avg" => false,
            "max" => true,
            string other => throw node.Error($"mode '{other}' is not one of avg, max"),
        };
        long channels = input.shape[1], height = input.shape[2], width = input.shape[3];
        Tensor planes = input.reshape(input.shape[0], channels, height * width);
        var pooled = new List<Tensor>();
        for (int r = 0; r < images.Length; r++)
        {
            if (images[r] < 0 || images[r] >= input.shape[0]) throw node.Error($"batch index {images[r]} is out of range");
            float offset = halfPixel ? 0.5f : 0f;
            float startX = rois[4 * r] * scale - offset, startY = rois[4 * r + 1] * scale - offset;
            float roiWidth = rois[4 * r + 2] * scale - offset - startX, roiHeight = rois[4 * r + 3] * scale - offset - startY;
            if (!halfPixel) { roiWidth = Math.Max(roiWidth, 1f); roiHeight = Math.Max(roiHeight, 1f); }
            float binHeight = roiHeight / outHeight, binWidth = roiWidth / outWidth;
            int gridY = ratio > 0 ? ratio : (int)MathF.Ceiling(roiHeight / outHeight), gridX = ratio > 0 ? ratio : (int)MathF.Ceiling(roiWidth / outWidth);
            int samples = gridY * gridX, count = outHeight * outWidth * samples;
            var corners = Enumerable.Range(0, 4).Select(_ => (Index: new long[count], Weight: new float[count])).ToArray();
            int at = 0;
            for (int py = 0; py < outHeight; py++)
                for (int px = 0; px < outWidth; px++)
                    for (int iy = 0; iy < gridY; iy++)
                        for (int ix = 0; ix < gridX; ix++, at++)
                        {
                            float y = startY + py * binHeight + (iy + 0.5f) * binHeight / gridY;
                            float x = startX + px * binWidth + (ix + 0.5f) * binWidth / gridX;
                            Bilinear(corners, at, y, x, height, width);
                        }
            Tensor plane = planes[images[r]];
            Tensor[] terms = corners.Select(c => plane.index_select(1, tensor(c.Index, device: input.device))
                .mul(tensor(c.Weight, device: input.device).to_type(input.dtype))).ToArray();
            Tensor bins = (max ? stack(terms).amax(0) : terms[0].add(terms[1], ScalarOne.Value).add(terms[2], ScalarOne.Value).add(terms[3], ScalarOne.Value))
                .reshape(channels, outHeight, outWidth, samples);
            pooled.Add(max ? bins.amax(-1) : bins.sum(-1).div(Math.Max(samples, 1)));
        }
        return pooled.Count > 0 ? stack(pooled) : zeros([0, channels, outHeight, outWidth], input.dtype, input.device);
    }

    // The four neighbours of (y, x) and their weights; samples more than a pixel outside the map weigh nothing.
    static void Bilinear((long[] Index, float[] Weight)[] corners, int at, float y, float x, long height, long width)
    {
        if (y < -1f || y > height || x < -1f || x > width) return;
        y = Math.Max(y, 0f);
        x = Math.Max(x, 0f);
        long yLow = (long)y, xLow = (long)x, yHigh, xHigh;
        if (yLow >= height - 1) { yHigh = yLow = height - 1; y = yLow; } else yHigh = yLow + 1;
        if (xLow >= width - 1) { xHigh = xLow = width - 1; x = xLow; } else xHigh = xLow + 1;
        float ly = y - yLow, lx = x - xLow, hy = 1 - ly, hx = 1 - lx;
        (long, float)[] taps = [(yLow * width + xLow, hy * hx), (yLow * width + xHigh, hy * lx), (yHigh * width + xLow, ly * hx), (yHigh * width + xHigh, ly * lx)];
        for (int k = 0; k < 4; k++) (corners[k].Index[at], corners[k].Weight[at]) = taps[k];
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
