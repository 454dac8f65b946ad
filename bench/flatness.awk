# bench/soak's verdict, from rows of "minute p99-ms RSS-MB size-MB
# hash-CPU-ms" (the last gauges the machine: see bench/soak).
# From minute 5 on: the range of single minutes,
# and the median of each five minutes (5-9, 10-14, …): flat when the largest
# is at most 10 % above the smallest. A single minute's p99 moves with
# whatever else the machine runs; a five-minute median moves when the
# server does.
$1 >= 5 { n++; for (i = 2; i <= 5; i++) v[i, n] = $i }
function median(i, from, to,    k, m, a, t, j) {
  m = 0
  for (k = from; k <= to; k++) a[++m] = v[i, k]
  for (k = 2; k <= m; k++) { t = a[k]; for (j = k - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
  return (m % 2) ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
}
function verdict(lo, hi) { return (lo > 0 && hi / lo <= 1.10) ? "flat" : sprintf("varies %.0f %%", (lo > 0 ? hi / lo - 1 : 0) * 100) }
END {
  if (n < 5) { print "too short to judge: flatness is read from minute 5 on, in five-minute steps"; exit }
  split("p99 RSS size machine:CPU-per-hash", name, " ")
  for (i = 2; i <= 5; i++) {
    lo = hi = v[i, 1]
    for (k = 2; k <= n; k++) { if (v[i, k] < lo) lo = v[i, k]; if (v[i, k] > hi) hi = v[i, k] }
    windows = ""; wlo = ""; whi = ""
    for (s = 1; s + 4 <= n; s += 5) {
      m = median(i, s, s + 4)
      windows = windows sprintf(" %.2f", m)
      if (wlo == "" || m < wlo) wlo = m
      if (whi == "" || m > whi) whi = m
    }
    printf "%s from minute 5: single minutes %.2f to %.2f (%s); five-minute medians%s (%s)\n", name[i - 1], lo, hi, verdict(lo, hi), windows, verdict(wlo, whi)
  }
}
