package io.keras4j.ops;

/**
 * Storage handed back for an op's next result, so that a model's inference loop need not allocate
 * (and fault in) a fresh array for every layer output on every call. A fresh multi-megabyte
 * {@code float[]} costs more to zero and to touch for the first time than a small layer costs to
 * compute; PyTorch's allocator reuses freed blocks the same way.
 *
 * <p>The caller (a model running its graph in inference mode, see
 * {@code io.keras4j.models.InferenceBuffers}) {@link #offer offers} an array that it knows nothing
 * references any more before it calls a layer, and {@link #withdraw withdraws} the offer after.
 * In between, an op that overwrites every element of its result (the fused dense product) claims
 * the offer when the sizes match; every other op ignores it and allocates as usual. Offers are per
 * thread, so concurrent calls never share an array.
 */
public final class OutputReuse {
    private OutputReuse() {}

    private static final ThreadLocal<float[][]> OFFER = ThreadLocal.withInitial(() -> new float[1][]);

    /** Offers {@code array} (null: nothing) to the next op on this thread that can use it; replaces any earlier offer. */
    public static void offer(float[] array) {
        OFFER.get()[0] = array;
    }

    /** Ends the offer on this thread: returns the array if no op claimed it, else null. */
    public static float[] withdraw() {
        float[][] slot = OFFER.get();
        float[] left = slot[0];
        slot[0] = null;
        return left;
    }

    /**
     * A float array of exactly {@code size} elements for a result the caller overwrites entirely:
     * the offered one when its size matches (its old contents are garbage), else a new one.
     */
    static float[] floats(int size) {
        float[][] slot = OFFER.get();
        float[] a = slot[0];
        if (a != null && a.length == size) {
            slot[0] = null;
            return a;
        }
        return new float[size];
    }
}
