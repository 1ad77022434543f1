package io.keras4j.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fused optimizer updates over float32 arrays, in place: each method makes one pass over the
 * index range {@code [from, to)} of a variable {@code w} and its slot arrays (indexed from 0), reading
 * the gradient at {@code g[go + i]}. Every update first multiplies the gradient by {@code gs} (the
 * product of the loss-scale and norm-clipping factors; exactly 1 when neither is set) and the
 * variable by {@code keep} ({@code 1 - weight_decay * lr} for decoupled weight decay, else exactly 1),
 * then applies Keras 3's update equations in Keras's operation order. Scalars that Keras computes
 * once per step (bias corrections, {@code 1 - beta}) are passed in already rounded to float32.
 */
public final class OptimizerKernels {
    private OptimizerKernels() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private static int upper(int from, int to) {
        return from + S.loopBound(to - from);
    }

    // ------------------------------------------------------------------ SGD

    /** {@code w = w*keep - g*lr}. */
    public static void sgd(int from, int to, float[] w, float[] g, int go, float gs, float keep, float lr) {
        FloatVector vgs = FloatVector.broadcast(S, gs), vkeep = FloatVector.broadcast(S, keep), vlr = FloatVector.broadcast(S, lr);
        int i = from, up = upper(from, to);
        for (; i < up; i += L) {
            FloatVector gg = FloatVector.fromArray(S, g, go + i).mul(vgs);
            FloatVector.fromArray(S, w, i).mul(vkeep).sub(gg.mul(vlr)).intoArray(w, i);
        }
        for (; i < to; i++) {
            float gg = g[go + i] * gs;
            w[i] = w[i] * keep - gg * lr;
        }
    }

    /** {@code m = m*momentum - g*lr; w += m} (or {@code w += m*momentum - g*lr} with Nesterov). */
    public static void sgdMomentum(int from, int to, float[] w, float[] g, int go, float gs, float keep, float[] m,
                                   float lr, float momentum, boolean nesterov) {
        if (nesterov) {
            sgdNesterov(from, to, w, g, go, gs, keep, m, lr, momentum);
            return;
        }
        FloatVector vgs = FloatVector.broadcast(S, gs), vkeep = FloatVector.broadcast(S, keep);
        FloatVector vlr = FloatVector.broadcast(S, lr), vmom = FloatVector.broadcast(S, momentum);
        int i = from, up = upper(from, to);
        for (; i < up; i += L) {
            FloatVector gg = FloatVector.fromArray(S, g, go + i).mul(vgs);
            FloatVector mm = FloatVector.fromArray(S, m, i).mul(vmom).sub(gg.mul(vlr));
            mm.intoArray(m, i);
            FloatVector.fromArray(S, w, i).mul(vkeep).add(mm).intoArray(w, i);
        }
        for (; i < to; i++) {
            float gg = g[go + i] * gs;
            float mm = m[i] * momentum - gg * lr;
            m[i] = mm;
            w[i] = w[i] * keep + mm;
        }
    }

    private static void sgdNesterov(int from, int to, float[] w, float[] g, int go, float gs, float keep, float[] m,
                                    float lr, float momentum) {
        FloatVector vgs = FloatVector.broadcast(S, gs), vkeep = FloatVector.broadcast(S, keep);
        FloatVector vlr = FloatVector.broadcast(S, lr), vmom = FloatVector.broadcast(S, momentum);
        int i = from, up = upper(from, to);
        for (; i < up; i += L) {
            FloatVector gg = FloatVector.fromArray(S, g, go + i).mul(vgs);
            FloatVector step = gg.mul(vlr);
            FloatVector mm = FloatVector.fromArray(S, m, i).mul(vmom).sub(step);
            mm.intoArray(m, i);
            FloatVector.fromArray(S, w, i).mul(vkeep).add(mm.mul(vmom).sub(step)).intoArray(w, i);
        }
        for (; i < to; i++) {
            float gg = g[go + i] * gs;
            float step = gg * lr;
            float mm = m[i] * momentum - step;
            m[i] = mm;
            w[i] = w[i] * keep + (mm * momentum - step);
        }
    }

    // ------------------------------------------------------------------ RMSprop

    /**
     * {@code vel = rho*vel + (1-rho)*g²}; centered: {@code avg = rho*avg + (1-rho)*g}, denominator
     * {@code vel - avg² + eps}, else {@code vel + eps}; {@code inc = lr*g/sqrt(denominator)}; with
     * momentum {@code mom = momentum*mom + inc; w -= mom}, else {@code w -= inc}. {@code mom} and
     * {@code avg} are null when unused.
     */
    public static void rmsprop(int from, int to, float[] w, float[] g, int go, float gs, float keep, float[] vel,
                               float[] mom, float[] avg, float lr, float rho, float oneMinusRho, float momentum, float eps) {
        if (avg == null && mom == null) rmspropPlain(from, to, w, g, go, gs, keep, vel, lr, rho, oneMinusRho, eps);
        else if (avg == null) rmspropMomentum(from, to, w, g, go, gs, keep, vel, mom, lr, rho, oneMinusRho, momentum, eps);
        else rmspropCentered(from, to, w, g, go, gs, keep, vel, mom, avg, lr, rho, oneMinusRho, momentum, eps);
    }

    private static void rmspropPlain(int from, int to, float[] w, float[] g, int go, float gs, float keep, float[] vel,
                                     float lr, float rho, float omr, float eps) {
        FloatVector vgs = FloatVector.broadcast(S, gs), vkeep = FloatVector.broadcast(S, keep), vlr = FloatVector.broadcast(S, lr);
        FloatVector vrho = FloatVector.broadcast(S, rho), vomr = FloatVector.broadcast(S, omr), veps = FloatVector.broadcast(S, eps);
        int i = from, up = upper(from, to);
        for (; i < up; i += L) {
            FloatVector gg = FloatVector.fromArray(S, g, go + i).mul(vgs);
            FloatVector vv = FloatVector.fromArray(S, vel, i).mul(vrho).add(gg.mul(gg).mul(vomr));
            vv.intoArray(vel, i);
            FloatVector inc = vlr.mul(gg).div(vv.add(veps).sqrt());
            FloatVector.fromArray(S, w, i).mul(vkeep).sub(inc).intoArray(w, i);
        }
        for (; i < to; i++) {
            float gg = g[go + i] * gs;
            float vv = rho * vel[i] + omr * (gg * gg);
            vel[i] = vv;
            w[i] = w[i] * keep - lr * gg / (float) Math.sqrt(vv + eps);
        }
    }

    private static void rmspropMomentum(int from, int to, float[] w, float[] g, int go, float gs, float keep, float[] vel,
                                        float[] mom, float lr, float rho, float omr, float momentum, float eps) {
        FloatVector vgs = FloatVector.broadcast(S, gs), vkeep = FloatVector.broadcast(S, keep), vlr = FloatVector.broadcast(S, lr);
        FloatVector vrho = FloatVector.broadcast(S, rho), vomr = FloatVector.broadcast(S, omr), veps = FloatVector.broadcast(S, eps);
        FloatVector vmom = FloatVector.broadcast(S, momentum);
        int i = from, up = upper(from, to);
        for (; i < up; i += L) {
            FloatVector gg = FloatVector.fromArray(S, g, go + i).mul(vgs);
            FloatVector vv = FloatVector.fromArray(S, vel, i).mul(vrho).add(gg.mul(gg).mul(vomr));
            vv.intoArray(vel, i);
            FloatVector inc = vlr.mul(gg).div(vv.add(veps).sqrt());
            FloatVector mm = FloatVector.fromArray(S, mom, i).mul(vmom).add(inc);
            mm.intoArray(mom, i);
            FloatVector.fromArray(S, w, i).mul(vkeep).sub(mm).intoArray(w, i);
        }
        for (; i < to; i++) {
            float gg = g[go + i] * gs;
            float vv = rho * vel[i] + omr * (gg * gg);
            vel[i] = vv;
            float inc = lr * gg / (float) Math.sqrt(vv + eps);
            float mm = momentum * mom[i] + inc;
            mom[i] = mm;
            w[i] = w[i] * keep - mm;
        }
    }

    private static void rmspropCentered(int from, int to, float[] w, float[] g, int go, float gs, float keep, float[] vel,
                                        float[] mom, float[] avg, float lr, float rho, float omr, float momentum, float eps) {
        FloatVector vgs = FloatVector.broadcast(S, gs), vkeep = FloatVector.broadcast(S, keep), vlr = FloatVector.broadcast(S, lr);
        FloatVector vrho = FloatVector.broadcast(S, rho), vomr = FloatVector.broadcast(S, omr), veps = FloatVector.broadcast(S, eps);
        FloatVector vmom = FloatVector.broadcast(S, momentum);
        boolean useMomentum = mom != null;
        int i = from, up = upper(from, to);
        for (; i < up; i += L) {
            FloatVector gg = FloatVector.fromArray(S, g, go + i).mul(vgs);
            FloatVector vv = FloatVector.fromArray(S, vel, i).mul(vrho).add(gg.mul(gg).mul(vomr));
            vv.intoArray(vel, i);
            FloatVector aa = FloatVector.fromArray(S, avg, i).mul(vrho).add(gg.mul(vomr));
            aa.intoArray(avg, i);
            FloatVector inc = vlr.mul(gg).div(vv.sub(aa.mul(aa)).add(veps).sqrt());
            FloatVector ww = FloatVector.fromArray(S, w, i).mul(vkeep);
            if (useMomentum) {
                FloatVector mm = FloatVector.fromArray(S, mom, i).mul(vmom).add(inc);
                mm.intoArray(mom, i);
                ww = ww.sub(mm);
            } else {
                ww = ww.sub(inc);
            }
            ww.intoArray(w, i);
        }
        for (; i < to; i++) {
            float gg = g[go + i] * gs;
            float vv = rho * vel[i] + omr * (gg * gg);
            vel[i] = vv;
            float aa = rho * avg[i] + omr * gg;
            avg[i] = aa;
            float inc = lr * gg / (float) Math.sqrt(vv - aa * aa + eps);
            if (useMomentum) {
                float mm = momentum * mom[i] + inc;
                mom[i] = mm;
                w[i] = w[i] * keep - mm;
            } else {
                w[i] = w[i] * keep - inc;
            }
        }
    }

    // ------------------------------------------------------------------ Adam family

    /**
     * Moments of magnitude below this (2^-100) are stored as zero by the Adam kernels. A weight whose
     * gradient stays zero (a dead relu unit) sees its first moment decay by beta_1 every step,
     * through float32's denormal range; x86 computes with denormals ~10-20x slower (microcode
     * assists), and Java cannot set the FTZ/DAZ flags that TensorFlow (Keras's reference backend)
     * runs with. A moment this small moves a weight by at most ~1e-26 * lr, which rounds away
     * for any weight larger than ~1e-18 in magnitude, so the weights are unchanged.
     */
    public static final float ADAM_FLUSH = 0x1p-100f;

    /**
     * {@code m += (g-m)*(1-beta_1); v += (g²-v)*(1-beta_2); w -= m*alpha/(sqrt(v)+eps)} with
     * {@code alpha = lr*sqrt(1-beta_2^t)/(1-beta_1^t)}; with AMSGrad ({@code vhat} not null)
     * {@code vhat = max(vhat, v)} replaces {@code v} in the denominator. Moments below
     * {@link #ADAM_FLUSH} in magnitude are stored as zero.
     */
    public static void adam(int from, int to, float[] w, float[] g, int go, float gs, float keep, float[] m, float[] v,
                            float[] vhat, float b1c, float b2c, float alpha, float eps) {
        if (vhat != null) {
            adamAmsgrad(from, to, w, g, go, gs, keep, m, v, vhat, b1c, b2c, alpha, eps);
            return;
        }
        FloatVector vgs = FloatVector.broadcast(S, gs), vkeep = FloatVector.broadcast(S, keep);
        FloatVector vb1c = FloatVector.broadcast(S, b1c), vb2c = FloatVector.broadcast(S, b2c);
        FloatVector valpha = FloatVector.broadcast(S, alpha), veps = FloatVector.broadcast(S, eps);
        FloatVector zero = FloatVector.zero(S);
        int i = from, up = upper(from, to);
        for (; i < up; i += L) {
            FloatVector gg = FloatVector.fromArray(S, g, go + i).mul(vgs);
            FloatVector mm = FloatVector.fromArray(S, m, i);
            mm = mm.add(gg.sub(mm).mul(vb1c));
            mm = mm.blend(zero, mm.abs().compare(VectorOperators.LT, ADAM_FLUSH));
            mm.intoArray(m, i);
            FloatVector vv = FloatVector.fromArray(S, v, i);
            vv = vv.add(gg.mul(gg).sub(vv).mul(vb2c));
            vv = vv.blend(zero, vv.compare(VectorOperators.LT, ADAM_FLUSH));
            vv.intoArray(v, i);
            FloatVector.fromArray(S, w, i).mul(vkeep).sub(mm.mul(valpha).div(vv.sqrt().add(veps))).intoArray(w, i);
        }
        for (; i < to; i++) {
            float gg = g[go + i] * gs;
            float mm = m[i] + (gg - m[i]) * b1c;
            if (Math.abs(mm) < ADAM_FLUSH) mm = 0f;
            m[i] = mm;
            float vv = v[i] + (gg * gg - v[i]) * b2c;
            if (vv < ADAM_FLUSH) vv = 0f;
            v[i] = vv;
            w[i] = w[i] * keep - mm * alpha / ((float) Math.sqrt(vv) + eps);
        }
    }

    private static void adamAmsgrad(int from, int to, float[] w, float[] g, int go, float gs, float keep, float[] m,
                                    float[] v, float[] vhat, float b1c, float b2c, float alpha, float eps) {
        FloatVector vgs = FloatVector.broadcast(S, gs), vkeep = FloatVector.broadcast(S, keep);
        FloatVector vb1c = FloatVector.broadcast(S, b1c), vb2c = FloatVector.broadcast(S, b2c);
        FloatVector valpha = FloatVector.broadcast(S, alpha), veps = FloatVector.broadcast(S, eps);
        FloatVector zero = FloatVector.zero(S);
        int i = from, up = upper(from, to);
        for (; i < up; i += L) {
            FloatVector gg = FloatVector.fromArray(S, g, go + i).mul(vgs);
            FloatVector mm = FloatVector.fromArray(S, m, i);
            mm = mm.add(gg.sub(mm).mul(vb1c));
            mm = mm.blend(zero, mm.abs().compare(VectorOperators.LT, ADAM_FLUSH));
            mm.intoArray(m, i);
            FloatVector vv = FloatVector.fromArray(S, v, i);
            vv = vv.add(gg.mul(gg).sub(vv).mul(vb2c));
            vv = vv.blend(zero, vv.compare(VectorOperators.LT, ADAM_FLUSH));
            vv.intoArray(v, i);
            FloatVector hh = FloatVector.fromArray(S, vhat, i).max(vv);
            hh.intoArray(vhat, i);
            FloatVector.fromArray(S, w, i).mul(vkeep).sub(mm.mul(valpha).div(hh.sqrt().add(veps))).intoArray(w, i);
        }
        for (; i < to; i++) {
            float gg = g[go + i] * gs;
            float mm = m[i] + (gg - m[i]) * b1c;
            if (Math.abs(mm) < ADAM_FLUSH) mm = 0f;
            m[i] = mm;
            float vv = v[i] + (gg * gg - v[i]) * b2c;
            if (vv < ADAM_FLUSH) vv = 0f;
            v[i] = vv;
            float hh = Math.max(vhat[i], vv);
            vhat[i] = hh;
            w[i] = w[i] * keep - mm * alpha / ((float) Math.sqrt(hh) + eps);
        }
    }

    /**
     * Adamax: {@code m += (g-m)*(1-beta_1); u = max(beta_2*u, |g|); w -= lr*m / ((1-beta_1^t)*(u+eps))}.
     */
    public static void adamax(int from, int to, float[] w, float[] g, int go, float gs, float keep, float[] m, float[] u,
                              float lr, float b1c, float b2, float oneMinusB1Power, float eps) {
        FloatVector vgs = FloatVector.broadcast(S, gs), vkeep = FloatVector.broadcast(S, keep), vlr = FloatVector.broadcast(S, lr);
        FloatVector vb1c = FloatVector.broadcast(S, b1c), vb2 = FloatVector.broadcast(S, b2);
        FloatVector vden = FloatVector.broadcast(S, oneMinusB1Power), veps = FloatVector.broadcast(S, eps);
        int i = from, up = upper(from, to);
        for (; i < up; i += L) {
            FloatVector gg = FloatVector.fromArray(S, g, go + i).mul(vgs);
            FloatVector mm = FloatVector.fromArray(S, m, i);
            mm = mm.add(gg.sub(mm).mul(vb1c));
            mm.intoArray(m, i);
            FloatVector uu = FloatVector.fromArray(S, u, i).mul(vb2).max(gg.abs());
            uu.intoArray(u, i);
            FloatVector.fromArray(S, w, i).mul(vkeep).sub(vlr.mul(mm).div(vden.mul(uu.add(veps)))).intoArray(w, i);
        }
        for (; i < to; i++) {
            float gg = g[go + i] * gs;
            float mm = m[i] + (gg - m[i]) * b1c;
            m[i] = mm;
            float uu = Math.max(b2 * u[i], Math.abs(gg));
            u[i] = uu;
            w[i] = w[i] * keep - lr * mm / (oneMinusB1Power * (uu + eps));
        }
    }

    /**
     * Nadam: {@code m += (g-m)*(1-beta_1); v += (g²-v)*(1-beta_2);
     * m̂ = u_{t+1}*m/(1-Π_{t+1}) + (1-u_t)*g/(1-Π_t); v̂ = v/(1-beta_2^t); w -= m̂*lr/(sqrt(v̂)+eps)}.
     */
    public static void nadam(int from, int to, float[] w, float[] g, int go, float gs, float keep, float[] m, float[] v,
                             float b1c, float b2c, float uNext, float oneMinusProdNext, float oneMinusU,
                             float oneMinusProd, float oneMinusB2Power, float lr, float eps) {
        FloatVector vgs = FloatVector.broadcast(S, gs), vkeep = FloatVector.broadcast(S, keep);
        FloatVector vb1c = FloatVector.broadcast(S, b1c), vb2c = FloatVector.broadcast(S, b2c);
        FloatVector vun = FloatVector.broadcast(S, uNext), vdn = FloatVector.broadcast(S, oneMinusProdNext);
        FloatVector vou = FloatVector.broadcast(S, oneMinusU), vdp = FloatVector.broadcast(S, oneMinusProd);
        FloatVector vd2 = FloatVector.broadcast(S, oneMinusB2Power), vlr = FloatVector.broadcast(S, lr);
        FloatVector veps = FloatVector.broadcast(S, eps);
        int i = from, up = upper(from, to);
        for (; i < up; i += L) {
            FloatVector gg = FloatVector.fromArray(S, g, go + i).mul(vgs);
            FloatVector mm = FloatVector.fromArray(S, m, i);
            mm = mm.add(gg.sub(mm).mul(vb1c));
            mm.intoArray(m, i);
            FloatVector vv = FloatVector.fromArray(S, v, i);
            vv = vv.add(gg.mul(gg).sub(vv).mul(vb2c));
            vv.intoArray(v, i);
            FloatVector mhat = vun.mul(mm).div(vdn).add(vou.mul(gg).div(vdp));
            FloatVector vhat = vv.div(vd2);
            FloatVector.fromArray(S, w, i).mul(vkeep).sub(mhat.mul(vlr).div(vhat.sqrt().add(veps))).intoArray(w, i);
        }
        for (; i < to; i++) {
            float gg = g[go + i] * gs;
            float mm = m[i] + (gg - m[i]) * b1c;
            m[i] = mm;
            float vv = v[i] + (gg * gg - v[i]) * b2c;
            v[i] = vv;
            float mhat = uNext * mm / oneMinusProdNext + oneMinusU * gg / oneMinusProd;
            float vhat = vv / oneMinusB2Power;
            w[i] = w[i] * keep - mhat * lr / ((float) Math.sqrt(vhat) + eps);
        }
    }

    /**
     * Lamb, first pass: updates {@code m} and {@code v} like Adam, applies weight decay to {@code w}, and
     * adds {@code Σw²} to {@code sums[0]} and {@code Σupdate²} to {@code sums[1]}, where
     * {@code update = (m/(1-beta_1^t)) / (sqrt(v/(1-beta_2^t)) + eps)}.
     */
    public static void lambMoments(int from, int to, float[] w, float[] g, int go, float gs, float keep, float[] m,
                                   float[] v, float b1c, float b2c, float oneMinusB1Power, float oneMinusB2Power,
                                   float eps, double[] sums) {
        FloatVector vgs = FloatVector.broadcast(S, gs), vkeep = FloatVector.broadcast(S, keep);
        FloatVector vb1c = FloatVector.broadcast(S, b1c), vb2c = FloatVector.broadcast(S, b2c);
        FloatVector vd1 = FloatVector.broadcast(S, oneMinusB1Power), vd2 = FloatVector.broadcast(S, oneMinusB2Power);
        FloatVector veps = FloatVector.broadcast(S, eps);
        FloatVector accW = FloatVector.zero(S), accU = FloatVector.zero(S);
        int i = from, up = upper(from, to);
        for (; i < up; i += L) {
            FloatVector gg = FloatVector.fromArray(S, g, go + i).mul(vgs);
            FloatVector mm = FloatVector.fromArray(S, m, i);
            mm = mm.add(gg.sub(mm).mul(vb1c));
            mm.intoArray(m, i);
            FloatVector vv = FloatVector.fromArray(S, v, i);
            vv = vv.add(gg.mul(gg).sub(vv).mul(vb2c));
            vv.intoArray(v, i);
            FloatVector ww = FloatVector.fromArray(S, w, i).mul(vkeep);
            ww.intoArray(w, i);
            FloatVector upd = mm.div(vd1).div(vv.div(vd2).sqrt().add(veps));
            accW = ww.fma(ww, accW);
            accU = upd.fma(upd, accU);
        }
        double sw = LaneSums.sum(accW), su = LaneSums.sum(accU);
        for (; i < to; i++) {
            float gg = g[go + i] * gs;
            float mm = m[i] + (gg - m[i]) * b1c;
            m[i] = mm;
            float vv = v[i] + (gg * gg - v[i]) * b2c;
            v[i] = vv;
            float ww = w[i] * keep;
            w[i] = ww;
            float upd = (mm / oneMinusB1Power) / ((float) Math.sqrt(vv / oneMinusB2Power) + eps);
            sw += ww * ww;
            su += upd * upd;
        }
        sums[0] += sw;
        sums[1] += su;
    }

    /** Lamb, second pass: {@code w -= step * update}, with {@code step = ratio * lr} and update recomputed from m and v. */
    public static void lambApply(int from, int to, float[] w, float[] m, float[] v, float oneMinusB1Power,
                                 float oneMinusB2Power, float eps, float step) {
        FloatVector vd1 = FloatVector.broadcast(S, oneMinusB1Power), vd2 = FloatVector.broadcast(S, oneMinusB2Power);
        FloatVector veps = FloatVector.broadcast(S, eps), vstep = FloatVector.broadcast(S, step);
        int i = from, up = upper(from, to);
        for (; i < up; i += L) {
            FloatVector mm = FloatVector.fromArray(S, m, i), vv = FloatVector.fromArray(S, v, i);
            FloatVector upd = mm.div(vd1).div(vv.div(vd2).sqrt().add(veps));
            FloatVector.fromArray(S, w, i).sub(vstep.mul(upd)).intoArray(w, i);
        }
        for (; i < to; i++) {
            float upd = (m[i] / oneMinusB1Power) / ((float) Math.sqrt(v[i] / oneMinusB2Power) + eps);
            w[i] = w[i] - step * upd;
        }
    }

    // ------------------------------------------------------------------ Adagrad, Adadelta, Ftrl, Lion

    /** Adagrad: {@code acc += g²; w -= lr*g/sqrt(acc+eps)}. */
    public static void adagrad(int from, int to, float[] w, float[] g, int go, float gs, float keep, float[] acc,
                               float lr, float eps) {
        FloatVector vgs = FloatVector.broadcast(S, gs), vkeep = FloatVector.broadcast(S, keep);
        FloatVector vlr = FloatVector.broadcast(S, lr), veps = FloatVector.broadcast(S, eps);
        int i = from, up = upper(from, to);
        for (; i < up; i += L) {
            FloatVector gg = FloatVector.fromArray(S, g, go + i).mul(vgs);
            FloatVector aa = FloatVector.fromArray(S, acc, i).add(gg.mul(gg));
            aa.intoArray(acc, i);
            FloatVector.fromArray(S, w, i).mul(vkeep).sub(vlr.mul(gg).div(aa.add(veps).sqrt())).intoArray(w, i);
        }
        for (; i < to; i++) {
            float gg = g[go + i] * gs;
            float aa = acc[i] + gg * gg;
            acc[i] = aa;
            w[i] = w[i] * keep - lr * gg / (float) Math.sqrt(aa + eps);
        }
    }

    /**
     * Adadelta: {@code ag = rho*ag + (1-rho)*g²; d = -sqrt(ad+eps)*g/sqrt(ag+eps);
     * ad = rho*ad + (1-rho)*d²; w += lr*d}.
     */
    public static void adadelta(int from, int to, float[] w, float[] g, int go, float gs, float keep, float[] accGrad,
                                float[] accDelta, float lr, float rho, float oneMinusRho, float eps) {
        FloatVector vgs = FloatVector.broadcast(S, gs), vkeep = FloatVector.broadcast(S, keep), vlr = FloatVector.broadcast(S, lr);
        FloatVector vrho = FloatVector.broadcast(S, rho), vomr = FloatVector.broadcast(S, oneMinusRho);
        FloatVector veps = FloatVector.broadcast(S, eps);
        int i = from, up = upper(from, to);
        for (; i < up; i += L) {
            FloatVector gg = FloatVector.fromArray(S, g, go + i).mul(vgs);
            FloatVector ag = vrho.mul(FloatVector.fromArray(S, accGrad, i)).add(vomr.mul(gg.mul(gg)));
            ag.intoArray(accGrad, i);
            FloatVector ad = FloatVector.fromArray(S, accDelta, i);
            FloatVector d = ad.add(veps).sqrt().mul(gg).div(ag.add(veps).sqrt()).neg();
            vrho.mul(ad).add(vomr.mul(d.mul(d))).intoArray(accDelta, i);
            FloatVector.fromArray(S, w, i).mul(vkeep).add(vlr.mul(d)).intoArray(w, i);
        }
        for (; i < to; i++) {
            float gg = g[go + i] * gs;
            float ag = rho * accGrad[i] + oneMinusRho * (gg * gg);
            accGrad[i] = ag;
            float ad = accDelta[i];
            float d = -((float) Math.sqrt(ad + eps) * gg / (float) Math.sqrt(ag + eps));
            accDelta[i] = rho * ad + oneMinusRho * (d * d);
            w[i] = w[i] * keep + lr * d;
        }
    }

    /**
     * FTRL-proximal: with {@code gt = g + 2*l2_shrinkage*w} and {@code n' = n + g²},
     * {@code z += gt - (n'^-p - n^-p)/lr * w; w = (clip(z, -l1, l1) - z) / (n'^-p/lr + 2*l2)}; {@code n = n'}.
     * {@code negPower} is {@code -learning_rate_power}; 0.5 uses the square root.
     */
    public static void ftrl(int from, int to, float[] w, float[] g, int go, float gs, float keep, float[] accum,
                            float[] linear, float lr, float negPower, float twoL2Shrinkage, float twoL2, float l1) {
        boolean sqrt = negPower == 0.5f;
        FloatVector vgs = FloatVector.broadcast(S, gs), vkeep = FloatVector.broadcast(S, keep), vlr = FloatVector.broadcast(S, lr);
        FloatVector vshr = FloatVector.broadcast(S, twoL2Shrinkage), vl2 = FloatVector.broadcast(S, twoL2);
        FloatVector vl1 = FloatVector.broadcast(S, l1), vnl1 = FloatVector.broadcast(S, -l1);
        int i = from, up = upper(from, to);
        for (; i < up; i += L) {
            FloatVector gg = FloatVector.fromArray(S, g, go + i).mul(vgs);
            FloatVector ww = FloatVector.fromArray(S, w, i).mul(vkeep);
            FloatVector gt = gg.add(vshr.mul(ww));
            FloatVector n = FloatVector.fromArray(S, accum, i);
            FloatVector n2 = n.add(gg.mul(gg));
            FloatVector pn2 = sqrt ? n2.sqrt() : n2.lanewise(VectorOperators.POW, negPower);
            FloatVector pn = sqrt ? n.sqrt() : n.lanewise(VectorOperators.POW, negPower);
            FloatVector z = FloatVector.fromArray(S, linear, i).add(gt.sub(pn2.sub(pn).div(vlr).mul(ww)));
            z.intoArray(linear, i);
            FloatVector quad = pn2.div(vlr).add(vl2);
            z.max(vnl1).min(vl1).sub(z).div(quad).intoArray(w, i);
            n2.intoArray(accum, i);
        }
        for (; i < to; i++) {
            float gg = g[go + i] * gs;
            float ww = w[i] * keep;
            float gt = gg + twoL2Shrinkage * ww;
            float n = accum[i];
            float n2 = n + gg * gg;
            float pn2 = sqrt ? (float) Math.sqrt(n2) : (float) Math.pow(n2, negPower);
            float pn = sqrt ? (float) Math.sqrt(n) : (float) Math.pow(n, negPower);
            float z = linear[i] + (gt - (pn2 - pn) / lr * ww);
            linear[i] = z;
            float quad = pn2 / lr + twoL2;
            w[i] = (Math.min(Math.max(z, -l1), l1) - z) / quad;
            accum[i] = n2;
        }
    }

    /** Lion: {@code w -= lr*sign(m*beta_1 + g*(1-beta_1)); m = m*beta_2 + g*(1-beta_2)}. */
    public static void lion(int from, int to, float[] w, float[] g, int go, float gs, float keep, float[] m, float lr,
                            float b1, float b1c, float b2, float b2c) {
        FloatVector vgs = FloatVector.broadcast(S, gs), vkeep = FloatVector.broadcast(S, keep), vlr = FloatVector.broadcast(S, lr);
        FloatVector vb1 = FloatVector.broadcast(S, b1), vb1c = FloatVector.broadcast(S, b1c);
        FloatVector vb2 = FloatVector.broadcast(S, b2), vb2c = FloatVector.broadcast(S, b2c);
        FloatVector zero = FloatVector.zero(S), one = FloatVector.broadcast(S, 1f), minusOne = FloatVector.broadcast(S, -1f);
        int i = from, up = upper(from, to);
        for (; i < up; i += L) {
            FloatVector gg = FloatVector.fromArray(S, g, go + i).mul(vgs);
            FloatVector mm = FloatVector.fromArray(S, m, i);
            FloatVector c = mm.mul(vb1).add(gg.mul(vb1c));
            VectorMask<Float> pos = c.compare(VectorOperators.GT, 0f), neg = c.compare(VectorOperators.LT, 0f);
            FloatVector sign = zero.blend(one, pos).blend(minusOne, neg).blend(c, c.test(VectorOperators.IS_NAN));
            FloatVector.fromArray(S, w, i).mul(vkeep).sub(vlr.mul(sign)).intoArray(w, i);
            mm.mul(vb2).add(gg.mul(vb2c)).intoArray(m, i);
        }
        for (; i < to; i++) {
            float gg = g[go + i] * gs;
            float mm = m[i];
            float c = mm * b1 + gg * b1c;
            float sign = c > 0 ? 1f : c < 0 ? -1f : c; // keeps 0 and NaN, as numpy.sign
            w[i] = w[i] * keep - lr * sign;
            m[i] = mm * b2 + gg * b2c;
        }
    }

    // ------------------------------------------------------------------ Adafactor

    /** Row means of {@code (g*gs)² + eps1} over rows of length {@code cols}, folded as {@code r = beta*r + (1-beta)*mean}. */
    public static void adafactorRows(float[] g, int go, float gs, int rows, int cols, float eps1, float[] r,
                                     float beta, float oneMinusBeta) {
        FloatVector vgs = FloatVector.broadcast(S, gs), veps = FloatVector.broadcast(S, eps1);
        int up = S.loopBound(cols);
        for (int row = 0; row < rows; row++) {
            int p = go + row * cols;
            FloatVector acc = FloatVector.zero(S);
            int j = 0;
            for (; j < up; j += L) {
                FloatVector gg = FloatVector.fromArray(S, g, p + j).mul(vgs);
                acc = acc.add(gg.mul(gg).add(veps));
            }
            float s = LaneSums.sum(acc);
            for (; j < cols; j++) {
                float gg = g[p + j] * gs;
                s += gg * gg + eps1;
            }
            r[row] = beta * r[row] + oneMinusBeta * (s / cols);
        }
    }

    /**
     * Column means of {@code (g*gs)² + eps1} over the {@code rows} rows of each of {@code batches}
     * [rows, cols] blocks, folded as {@code c = beta*c + (1-beta)*mean}; {@code colSum} is scratch of length cols.
     */
    public static void adafactorCols(float[] g, int go, float gs, int batches, int rows, int cols, float eps1, float[] c,
                                     float beta, float oneMinusBeta, float[] colSum) {
        FloatVector vgs = FloatVector.broadcast(S, gs), veps = FloatVector.broadcast(S, eps1);
        int up = S.loopBound(cols);
        for (int b = 0; b < batches; b++) {
            java.util.Arrays.fill(colSum, 0, cols, 0f);
            for (int row = 0; row < rows; row++) {
                int p = go + (b * rows + row) * cols;
                int j = 0;
                for (; j < up; j += L) {
                    FloatVector gg = FloatVector.fromArray(S, g, p + j).mul(vgs);
                    FloatVector.fromArray(S, colSum, j).add(gg.mul(gg).add(veps)).intoArray(colSum, j);
                }
                for (; j < cols; j++) {
                    float gg = g[p + j] * gs;
                    colSum[j] += gg * gg + eps1;
                }
            }
            int co = b * cols;
            for (int j = 0; j < cols; j++) c[co + j] = beta * c[co + j] + oneMinusBeta * (colSum[j] / rows);
        }
    }

    /** Factored second moment: {@code v[b,i,j] = (r[b,i] / mean_i r[b,:]) * c[b,j]}. */
    public static void adafactorVelocity(float[] r, float[] c, int batches, int rows, int cols, float[] v) {
        for (int b = 0; b < batches; b++) {
            float mean = sum(r, b * rows, rows) / rows;
            for (int i = 0; i < rows; i++) {
                float ri = r[b * rows + i] / mean;
                FloatVector vri = FloatVector.broadcast(S, ri);
                int p = (b * rows + i) * cols, co = b * cols, j = 0, up = S.loopBound(cols);
                for (; j < up; j += L) vri.mul(FloatVector.fromArray(S, c, co + j)).intoArray(v, p + j);
                for (; j < cols; j++) v[p + j] = ri * c[co + j];
            }
        }
    }

    /** Unfactored second moment: {@code v = beta*v + (1-beta)*((g*gs)² + eps1)}. */
    public static void adafactorVelocityUnfactored(int n, float[] g, int go, float gs, float eps1, float[] v, float beta,
                                                   float oneMinusBeta) {
        FloatVector vgs = FloatVector.broadcast(S, gs), veps = FloatVector.broadcast(S, eps1);
        FloatVector vb = FloatVector.broadcast(S, beta), vomb = FloatVector.broadcast(S, oneMinusBeta);
        int i = 0, up = S.loopBound(n);
        for (; i < up; i += L) {
            FloatVector gg = FloatVector.fromArray(S, g, go + i).mul(vgs);
            vb.mul(FloatVector.fromArray(S, v, i)).add(vomb.mul(gg.mul(gg).add(veps))).intoArray(v, i);
        }
        for (; i < n; i++) {
            float gg = g[go + i] * gs;
            v[i] = beta * v[i] + oneMinusBeta * (gg * gg + eps1);
        }
    }

    /** {@code Σ (g*gs / sqrt(v))²}: the squared norm of Adafactor's unclipped update. */
    public static float adafactorUpdateSumSq(int n, float[] g, int go, float gs, float[] v) {
        FloatVector vgs = FloatVector.broadcast(S, gs), acc = FloatVector.zero(S);
        int i = 0, up = S.loopBound(n);
        for (; i < up; i += L) {
            FloatVector u = FloatVector.fromArray(S, g, go + i).mul(vgs).div(FloatVector.fromArray(S, v, i).sqrt());
            acc = u.fma(u, acc);
        }
        float s = LaneSums.sum(acc);
        for (; i < n; i++) {
            float u = g[go + i] * gs / (float) Math.sqrt(v[i]);
            s += u * u;
        }
        return s;
    }

    /** {@code w -= alpha * ((g*gs / sqrt(v)) / denom)}. */
    public static void adafactorApply(int n, float[] w, float[] g, int go, float gs, float[] v, float alpha, float denom) {
        FloatVector vgs = FloatVector.broadcast(S, gs), valpha = FloatVector.broadcast(S, alpha), vden = FloatVector.broadcast(S, denom);
        int i = 0, up = S.loopBound(n);
        for (; i < up; i += L) {
            FloatVector u = FloatVector.fromArray(S, g, go + i).mul(vgs).div(FloatVector.fromArray(S, v, i).sqrt());
            FloatVector.fromArray(S, w, i).sub(valpha.mul(u.div(vden))).intoArray(w, i);
        }
        for (; i < n; i++) {
            float u = g[go + i] * gs / (float) Math.sqrt(v[i]);
            w[i] = w[i] - alpha * (u / denom);
        }
    }

    // ------------------------------------------------------------------ shared pieces

    /** {@code Σ x²} over {@code x[off, off+n)}, accumulated in float32 lanes. */
    public static float sumSquares(float[] x, int off, int n) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0, up = S.loopBound(n);
        for (; i < up; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, off + i);
            acc = v.fma(v, acc);
        }
        float s = LaneSums.sum(acc);
        for (; i < n; i++) s += x[off + i] * x[off + i];
        return s;
    }

    private static float sum(float[] x, int off, int n) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0, up = S.loopBound(n);
        for (; i < up; i += L) acc = acc.add(FloatVector.fromArray(S, x, off + i));
        float s = LaneSums.sum(acc);
        for (; i < n; i++) s += x[off + i];
        return s;
    }

    /** {@code w *= keep}: decoupled weight decay on its own, for optimizers whose update needs several passes. */
    public static void scale(int n, float[] w, float keep) {
        FloatVector vk = FloatVector.broadcast(S, keep);
        int i = 0, up = S.loopBound(n);
        for (; i < up; i += L) FloatVector.fromArray(S, w, i).mul(vk).intoArray(w, i);
        for (; i < n; i++) w[i] *= keep;
    }

    /** {@code out = clip(g*gs, lo, hi)}; {@code out} may be {@code g} itself (with go = 0). */
    public static void clipScaled(int n, float[] g, int go, float gs, float lo, float hi, float[] out) {
        FloatVector vgs = FloatVector.broadcast(S, gs), vlo = FloatVector.broadcast(S, lo), vhi = FloatVector.broadcast(S, hi);
        int i = 0, up = S.loopBound(n);
        for (; i < up; i += L) FloatVector.fromArray(S, g, go + i).mul(vgs).max(vlo).min(vhi).intoArray(out, i);
        for (; i < n; i++) out[i] = Math.min(Math.max(g[go + i] * gs, lo), hi);
    }

    /** Gradient accumulation between update steps: {@code acc = g*gs + acc}. */
    public static void accumulate(int n, float[] g, int go, float gs, float[] acc) {
        FloatVector vgs = FloatVector.broadcast(S, gs);
        int i = 0, up = S.loopBound(n);
        for (; i < up; i += L) FloatVector.fromArray(S, g, go + i).mul(vgs).add(FloatVector.fromArray(S, acc, i)).intoArray(acc, i);
        for (; i < n; i++) acc[i] = g[go + i] * gs + acc[i];
    }

    /** Gradient accumulation on an update step: {@code acc = (g*gs + acc) / steps}, the gradient the update then uses. */
    public static void accumulateMean(int n, float[] g, int go, float gs, float[] acc, float steps) {
        FloatVector vgs = FloatVector.broadcast(S, gs), vs = FloatVector.broadcast(S, steps);
        int i = 0, up = S.loopBound(n);
        for (; i < up; i += L) {
            FloatVector.fromArray(S, g, go + i).mul(vgs).add(FloatVector.fromArray(S, acc, i)).div(vs).intoArray(acc, i);
        }
        for (; i < n; i++) acc[i] = (g[go + i] * gs + acc[i]) / steps;
    }

    /** Exponential moving average of the weights: {@code avg = momentum*avg + (1-momentum)*w}. */
    public static void ema(int n, float[] avg, float[] w, float momentum, float oneMinusMomentum) {
        FloatVector vm = FloatVector.broadcast(S, momentum), vom = FloatVector.broadcast(S, oneMinusMomentum);
        int i = 0, up = S.loopBound(n);
        for (; i < up; i += L) {
            vm.mul(FloatVector.fromArray(S, avg, i)).add(vom.mul(FloatVector.fromArray(S, w, i))).intoArray(avg, i);
        }
        for (; i < n; i++) avg[i] = momentum * avg[i] + oneMinusMomentum * w[i];
    }
}
