;; Hand-written WebAssembly SIMD kernels for the tfjs wasm backend (audio-dl genre-model).
;; They work on the backend's own memory (imported), addressing tensors by byte offset, so no copies.
;; Build: `npx tsx tools/build-wasm-kernels.ts` writes kernels-binary.ts; a test checks the two agree.
(module
  (import "env" "memory" (memory 1))

  ;; One Adam step for one variable (formulas of tfjs's AdamOptimizer), four lanes at a time:
  ;;   m' = b1·m + (1-b1)·g,  v' = b2·v + (1-b2)·g²,  w' = w + step·(m'·c1)/(√(v'·c2) + eps)
  ;; with step = -learningRate, c1 = 1/(1-b1^t), c2 = 1/(1-b2^t). Pointers are byte offsets, n is the length.
  (func (export "adam")
    (param $w i32) (param $g i32) (param $m i32) (param $v i32)
    (param $wOut i32) (param $mOut i32) (param $vOut i32) (param $n i32)
    (param $b1 f32) (param $b2 f32) (param $eps f32) (param $step f32) (param $c1 f32) (param $c2 f32)
    (local $i i32) (local $end i32)
    (local $g4 v128) (local $m4 v128) (local $v4 v128)
    (local $B1 v128) (local $A1 v128) (local $B2 v128) (local $A2 v128)
    (local $E v128) (local $S v128) (local $C1 v128) (local $C2 v128)
    (local $gs f32) (local $ms f32) (local $vs f32)
    (local.set $B1 (f32x4.splat (local.get $b1)))
    (local.set $A1 (f32x4.splat (f32.sub (f32.const 1) (local.get $b1))))
    (local.set $B2 (f32x4.splat (local.get $b2)))
    (local.set $A2 (f32x4.splat (f32.sub (f32.const 1) (local.get $b2))))
    (local.set $E (f32x4.splat (local.get $eps)))
    (local.set $S (f32x4.splat (local.get $step)))
    (local.set $C1 (f32x4.splat (local.get $c1)))
    (local.set $C2 (f32x4.splat (local.get $c2)))
    ;; Vector part: the largest multiple of four elements.
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (block $vectorDone
      (loop $vector
        (br_if $vectorDone (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $g4 (v128.load (i32.add (local.get $g) (local.get $i))))
        (local.set $m4
          (f32x4.add
            (f32x4.mul (v128.load (i32.add (local.get $m) (local.get $i))) (local.get $B1))
            (f32x4.mul (local.get $g4) (local.get $A1))))
        (local.set $v4
          (f32x4.add
            (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $i))) (local.get $B2))
            (f32x4.mul (f32x4.mul (local.get $g4) (local.get $g4)) (local.get $A2))))
        (v128.store (i32.add (local.get $mOut) (local.get $i)) (local.get $m4))
        (v128.store (i32.add (local.get $vOut) (local.get $i)) (local.get $v4))
        (v128.store (i32.add (local.get $wOut) (local.get $i))
          (f32x4.add
            (v128.load (i32.add (local.get $w) (local.get $i)))
            (f32x4.mul
              (f32x4.div
                (f32x4.mul (local.get $m4) (local.get $C1))
                (f32x4.add (f32x4.sqrt (f32x4.mul (local.get $v4) (local.get $C2))) (local.get $E)))
              (local.get $S))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $vector)))
    ;; Scalar tail: the last n mod 4 elements, same formulas.
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $gs (f32.load (i32.add (local.get $g) (local.get $i))))
        (local.set $ms
          (f32.add
            (f32.mul (f32.load (i32.add (local.get $m) (local.get $i))) (local.get $b1))
            (f32.mul (local.get $gs) (f32.sub (f32.const 1) (local.get $b1)))))
        (local.set $vs
          (f32.add
            (f32.mul (f32.load (i32.add (local.get $v) (local.get $i))) (local.get $b2))
            (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (f32.sub (f32.const 1) (local.get $b2)))))
        (f32.store (i32.add (local.get $mOut) (local.get $i)) (local.get $ms))
        (f32.store (i32.add (local.get $vOut) (local.get $i)) (local.get $vs))
        (f32.store (i32.add (local.get $wOut) (local.get $i))
          (f32.add
            (f32.load (i32.add (local.get $w) (local.get $i)))
            (f32.mul
              (f32.div
                (f32.mul (local.get $ms) (local.get $c1))
                (f32.add (f32.sqrt (f32.mul (local.get $vs) (local.get $c2))) (local.get $eps)))
              (local.get $step))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $tail))))
  ;; Max-pool gradient of one pooling window, NHWC, four channels at a time: each channel's gradient g goes to
  ;; the first pixel (row-major) of the window whose value equals the forward output y, as the cpu backend does.
  ;; x and out point at the window's first pixel, channel 0; y and g at the output pixel, channel 0. Steps in
  ;; bytes: rowStep between window rows, pixelStep between pixels (4·channels). out accumulates (windows overlap).
  (func (export "maxPoolGradWindow")
    (param $x i32) (param $out i32) (param $y i32) (param $g i32)
    (param $rows i32) (param $cols i32) (param $rowStep i32) (param $pixelStep i32) (param $channels i32)
    (local $c i32) (local $vectorEnd i32) (local $h i32) (local $w i32) (local $p i32) (local $row i32)
    (local $t v128) (local $gv v128) (local $found v128) (local $eq v128)
    (local $ts f32) (local $gs f32) (local $done i32)
    (local.set $vectorEnd (i32.shl (i32.and (local.get $channels) (i32.const -4)) (i32.const 2)))
    ;; c: byte offset of the channel group
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.ge_u (local.get $c) (local.get $vectorEnd)))
        (local.set $t (v128.load (i32.add (local.get $y) (local.get $c))))
        (local.set $gv (v128.load (i32.add (local.get $g) (local.get $c))))
        (local.set $found (v128.const i32x4 0 0 0 0))
        (local.set $row (local.get $c))
        (local.set $h (i32.const 0))
        (block $rowsDone
          (loop $rowLoop
            (br_if $rowsDone (i32.ge_u (local.get $h) (local.get $rows)))
            (local.set $p (local.get $row))
            (local.set $w (i32.const 0))
            (block $colsDone
              (loop $colLoop
                (br_if $colsDone (i32.ge_u (local.get $w) (local.get $cols)))
                (local.set $eq (f32x4.eq (v128.load (i32.add (local.get $x) (local.get $p))) (local.get $t)))
                (v128.store (i32.add (local.get $out) (local.get $p))
                  (f32x4.add
                    (v128.load (i32.add (local.get $out) (local.get $p)))
                    (v128.and (local.get $gv) (v128.andnot (local.get $eq) (local.get $found)))))
                (local.set $found (v128.or (local.get $found) (local.get $eq)))
                (local.set $p (i32.add (local.get $p) (local.get $pixelStep)))
                (local.set $w (i32.add (local.get $w) (i32.const 1)))
                (br $colLoop)))
            (local.set $row (i32.add (local.get $row) (local.get $rowStep)))
            (local.set $h (i32.add (local.get $h) (i32.const 1)))
            (br $rowLoop)))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br $vectors)))
    ;; The last channels % 4 channels one at a time, stopping at the first match.
    (block $channelsDone
      (loop $channelLoop
        (br_if $channelsDone (i32.ge_u (local.get $c) (i32.shl (local.get $channels) (i32.const 2))))
        (local.set $ts (f32.load (i32.add (local.get $y) (local.get $c))))
        (local.set $gs (f32.load (i32.add (local.get $g) (local.get $c))))
        (local.set $done (i32.const 0))
        (local.set $row (local.get $c))
        (local.set $h (i32.const 0))
        (block $scalarRowsDone
          (loop $scalarRows
            (br_if $scalarRowsDone (i32.or (local.get $done) (i32.ge_u (local.get $h) (local.get $rows))))
            (local.set $p (local.get $row))
            (local.set $w (i32.const 0))
            (block $scalarColsDone
              (loop $scalarCols
                (br_if $scalarColsDone (i32.ge_u (local.get $w) (local.get $cols)))
                (if (f32.eq (f32.load (i32.add (local.get $x) (local.get $p))) (local.get $ts))
                  (then
                    (f32.store (i32.add (local.get $out) (local.get $p))
                      (f32.add (f32.load (i32.add (local.get $out) (local.get $p))) (local.get $gs)))
                    (local.set $done (i32.const 1))
                    (br $scalarColsDone)))
                (local.set $p (i32.add (local.get $p) (local.get $pixelStep)))
                (local.set $w (i32.add (local.get $w) (i32.const 1)))
                (br $scalarCols)))
            (local.set $row (i32.add (local.get $row) (local.get $rowStep)))
            (local.set $h (i32.add (local.get $h) (i32.const 1)))
            (br $scalarRows)))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $channelLoop))))
  ;; Column sums of a float32 matrix [rows, cols] added into float64 accumulators acc[cols] (caller zeroes them):
  ;; batch-norm moments and bias gradients reduce batch and space, keeping channels. Doubles, so a sum over
  ;; tens of thousands of rows loses nothing that matters. Four columns at a time, then the last cols % 4.
  (func (export "columnSums") (param $src i32) (param $rows i32) (param $cols i32) (param $acc i32)
    (local $r i32) (local $p i32) (local $a i32) (local $vectorEnd i32) (local $rowEnd i32)
    (local $x v128)
    (local.set $vectorEnd (i32.shl (i32.and (local.get $cols) (i32.const -4)) (i32.const 2)))
    (local.set $p (local.get $src))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $rowEnd (i32.add (local.get $p) (local.get $vectorEnd)))
        (local.set $a (local.get $acc))
        (block $vectorsDone
          (loop $vectors
            (br_if $vectorsDone (i32.ge_u (local.get $p) (local.get $rowEnd)))
            (local.set $x (v128.load (local.get $p)))
            (v128.store (local.get $a)
              (f64x2.add (v128.load (local.get $a)) (f64x2.promote_low_f32x4 (local.get $x))))
            (v128.store offset=16 (local.get $a)
              (f64x2.add (v128.load offset=16 (local.get $a))
                (f64x2.promote_low_f32x4
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x)))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (local.set $a (i32.add (local.get $a) (i32.const 32)))
            (br $vectors)))
        (local.set $rowEnd (i32.add (local.get $rowEnd) (i32.shl (i32.and (local.get $cols) (i32.const 3)) (i32.const 2))))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $p) (local.get $rowEnd)))
            (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (f64.promote_f32 (f32.load (local.get $p)))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (local.set $a (i32.add (local.get $a) (i32.const 8)))
            (br $tail)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))

  ;; The first pass of the batch-norm gradient: per column, Σ g and Σ g·x over rows, into float64
  ;; accumulators sumG[cols] and sumGX[cols] (caller zeroes them). Products in float32, sums in float64.
  (func (export "columnSumsWithProducts")
    (param $g i32) (param $x i32) (param $rows i32) (param $cols i32) (param $sumG i32) (param $sumGX i32)
    (local $r i32) (local $off i32) (local $end i32) (local $a i32) (local $b i32)
    (local $vectorEnd i32) (local $gv v128) (local $gx v128) (local $gs f32)
    (local.set $vectorEnd (i32.shl (i32.and (local.get $cols) (i32.const -4)) (i32.const 2)))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $end (i32.add (local.get $off) (local.get $vectorEnd)))
        (local.set $a (local.get $sumG))
        (local.set $b (local.get $sumGX))
        (block $vectorsDone
          (loop $vectors
            (br_if $vectorsDone (i32.ge_u (local.get $off) (local.get $end)))
            (local.set $gv (v128.load (i32.add (local.get $g) (local.get $off))))
            (local.set $gx (f32x4.mul (local.get $gv) (v128.load (i32.add (local.get $x) (local.get $off)))))
            (v128.store (local.get $a) (f64x2.add (v128.load (local.get $a)) (f64x2.promote_low_f32x4 (local.get $gv))))
            (v128.store offset=16 (local.get $a)
              (f64x2.add (v128.load offset=16 (local.get $a))
                (f64x2.promote_low_f32x4
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $gv) (local.get $gv)))))
            (v128.store (local.get $b) (f64x2.add (v128.load (local.get $b)) (f64x2.promote_low_f32x4 (local.get $gx))))
            (v128.store offset=16 (local.get $b)
              (f64x2.add (v128.load offset=16 (local.get $b))
                (f64x2.promote_low_f32x4
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $gx) (local.get $gx)))))
            (local.set $off (i32.add (local.get $off) (i32.const 16)))
            (local.set $a (i32.add (local.get $a) (i32.const 32)))
            (local.set $b (i32.add (local.get $b) (i32.const 32)))
            (br $vectors)))
        (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $cols) (i32.const 3)) (i32.const 2))))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $off) (local.get $end)))
            (local.set $gs (f32.load (i32.add (local.get $g) (local.get $off))))
            (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (f64.promote_f32 (local.get $gs))))
            (f64.store (local.get $b)
              (f64.add (f64.load (local.get $b))
                (f64.promote_f32 (f32.mul (local.get $gs) (f32.load (i32.add (local.get $x) (local.get $off)))))))
            (local.set $off (i32.add (local.get $off) (i32.const 4)))
            (local.set $a (i32.add (local.get $a) (i32.const 8)))
            (local.set $b (i32.add (local.get $b) (i32.const 8)))
            (br $tail)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))

  ;; out = a·g + b·x + k per column (a, b, k: float32 [cols]), the second pass of the batch-norm gradient.
  (func (export "affineColumns")
    (param $g i32) (param $x i32) (param $out i32) (param $rows i32) (param $cols i32)
    (param $a i32) (param $b i32) (param $k i32)
    (local $r i32) (local $off i32) (local $end i32) (local $c i32) (local $vectorEnd i32) (local $colBytes i32)
    (local.set $colBytes (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $vectorEnd (i32.shl (i32.and (local.get $cols) (i32.const -4)) (i32.const 2)))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $c (i32.const 0))
        (block $vectorsDone
          (loop $vectors
            (br_if $vectorsDone (i32.ge_u (local.get $c) (local.get $vectorEnd)))
            (local.set $end (i32.add (local.get $off) (local.get $c)))
            (v128.store (i32.add (local.get $out) (local.get $end))
              (f32x4.add
                (f32x4.add
                  (f32x4.mul (v128.load (i32.add (local.get $a) (local.get $c))) (v128.load (i32.add (local.get $g) (local.get $end))))
                  (f32x4.mul (v128.load (i32.add (local.get $b) (local.get $c))) (v128.load (i32.add (local.get $x) (local.get $end)))))
                (v128.load (i32.add (local.get $k) (local.get $c)))))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
            (br $vectors)))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $c) (local.get $colBytes)))
            (local.set $end (i32.add (local.get $off) (local.get $c)))
            (f32.store (i32.add (local.get $out) (local.get $end))
              (f32.add
                (f32.add
                  (f32.mul (f32.load (i32.add (local.get $a) (local.get $c))) (f32.load (i32.add (local.get $g) (local.get $end))))
                  (f32.mul (f32.load (i32.add (local.get $b) (local.get $c))) (f32.load (i32.add (local.get $x) (local.get $end)))))
                (f32.load (i32.add (local.get $k) (local.get $c)))))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br $tail)))
        (local.set $off (i32.add (local.get $off) (local.get $colBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))
  ;; out[m×n] += a[m×k] · b[k×n] for few rows m and long k (the filter gradient of a convolution with few input
  ;; channels: im2col patches times dy). n must be a multiple of 4. k is walked in blocks of 64 rows of b, so a
  ;; block (64·n floats) stays in L1 while every row of a uses it; 16 columns (four vectors) per inner pass.
  (func (export "matMulFewRows")
    (param $a i32) (param $b i32) (param $out i32) (param $m i32) (param $k i32) (param $n i32)
    (local $k0 i32) (local $kEnd i32) (local $i i32) (local $c i32) (local $kk i32)
    (local $aRow i32) (local $o i32) (local $bp i32) (local $rowBytes i32) (local $s v128)
    (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128)
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 2)))
    (block $blocksDone
      (loop $blocks
        (br_if $blocksDone (i32.ge_u (local.get $k0) (local.get $k)))
        (local.set $kEnd (i32.add (local.get $k0) (i32.const 64)))
        (if (i32.gt_u (local.get $kEnd) (local.get $k)) (then (local.set $kEnd (local.get $k))))
        (local.set $i (i32.const 0))
        (block $rowsDone
          (loop $rowLoop
            (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $m)))
            ;; aRow: a[i][0] in bytes
            (local.set $aRow (i32.add (local.get $a) (i32.shl (i32.mul (local.get $i) (local.get $k)) (i32.const 2))))
            (local.set $c (i32.const 0))
            (block $wideDone
              (loop $wide
                (br_if $wideDone (i32.gt_u (i32.add (local.get $c) (i32.const 16)) (local.get $n)))
                (local.set $o (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $c)) (i32.const 2))))
                (local.set $acc0 (v128.load (local.get $o)))
                (local.set $acc1 (v128.load offset=16 (local.get $o)))
                (local.set $acc2 (v128.load offset=32 (local.get $o)))
                (local.set $acc3 (v128.load offset=48 (local.get $o)))
                (local.set $bp (i32.add (local.get $b) (i32.shl (i32.add (i32.mul (local.get $k0) (local.get $n)) (local.get $c)) (i32.const 2))))
                (local.set $kk (local.get $k0))
                (block $kDone
                  (loop $kLoop
                    (br_if $kDone (i32.ge_u (local.get $kk) (local.get $kEnd)))
                    (local.set $s (f32x4.splat (f32.load (i32.add (local.get $aRow) (i32.shl (local.get $kk) (i32.const 2))))))
                    (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (local.get $s) (v128.load (local.get $bp)))))
                    (local.set $acc1 (f32x4.add (local.get $acc1) (f32x4.mul (local.get $s) (v128.load offset=16 (local.get $bp)))))
                    (local.set $acc2 (f32x4.add (local.get $acc2) (f32x4.mul (local.get $s) (v128.load offset=32 (local.get $bp)))))
                    (local.set $acc3 (f32x4.add (local.get $acc3) (f32x4.mul (local.get $s) (v128.load offset=48 (local.get $bp)))))
                    (local.set $bp (i32.add (local.get $bp) (local.get $rowBytes)))
                    (local.set $kk (i32.add (local.get $kk) (i32.const 1)))
                    (br $kLoop)))
                (v128.store (local.get $o) (local.get $acc0))
                (v128.store offset=16 (local.get $o) (local.get $acc1))
                (v128.store offset=32 (local.get $o) (local.get $acc2))
                (v128.store offset=48 (local.get $o) (local.get $acc3))
                (local.set $c (i32.add (local.get $c) (i32.const 16)))
                (br $wide)))
            ;; The remaining columns, four at a time.
            (block $narrowDone
              (loop $narrow
                (br_if $narrowDone (i32.ge_u (local.get $c) (local.get $n)))
                (local.set $o (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $c)) (i32.const 2))))
                (local.set $acc0 (v128.load (local.get $o)))
                (local.set $bp (i32.add (local.get $b) (i32.shl (i32.add (i32.mul (local.get $k0) (local.get $n)) (local.get $c)) (i32.const 2))))
                (local.set $kk (local.get $k0))
                (block $kDone4
                  (loop $kLoop4
                    (br_if $kDone4 (i32.ge_u (local.get $kk) (local.get $kEnd)))
                    (local.set $acc0
                      (f32x4.add (local.get $acc0)
                        (f32x4.mul
                          (f32x4.splat (f32.load (i32.add (local.get $aRow) (i32.shl (local.get $kk) (i32.const 2)))))
                          (v128.load (local.get $bp)))))
                    (local.set $bp (i32.add (local.get $bp) (local.get $rowBytes)))
                    (local.set $kk (i32.add (local.get $kk) (i32.const 1)))
                    (br $kLoop4)))
                (v128.store (local.get $o) (local.get $acc0))
                (local.set $c (i32.add (local.get $c) (i32.const 4)))
                (br $narrow)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $rowLoop)))
        (local.set $k0 (local.get $kEnd))
        (br $blocks)))))
