//! Plane geometry for drawing: the projection onto the SVG canvas, areas, centroids, label
//! points and ring simplification. Points are `[x, y]`; rings are closed.

use serde::Serialize;

use crate::{BoundingBox, Position};

/// The rectangle of the canvas a map is fitted into, in pixels, and the free margin kept
/// inside it on every side.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Frame {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub margin: f64,
}

/// Equirectangular projection with the cosine of the middle latitude as the x scale — good
/// enough for one city, where it keeps shapes and the north–south/east–west ratio true to a
/// fraction of a percent — fitted to a [`Frame`] (centred, aspect ratio kept), y growing
/// downwards (north up).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Projection {
    /// West and north edges of the area drawn, in degrees.
    west: f64,
    north: f64,
    /// cos(middle latitude): degrees of longitude to "degrees of latitude" along the ground.
    kx: f64,
    /// Pixels per degree of latitude.
    scale: f64,
    /// Pixel position of the north-west corner.
    x0: f64,
    y0: f64,
}

impl Projection {
    /// Fit `bbox` (longitude/latitude) into `frame` less its margin, centred.
    pub fn fit(bbox: BoundingBox, frame: Frame) -> Projection {
        let mid_lat = (bbox.min[1] + bbox.max[1]) / 2.0;
        let kx = mid_lat.to_radians().cos().max(1e-6);
        let ground_w = (bbox.max[0] - bbox.min[0]) * kx;
        let ground_h = bbox.max[1] - bbox.min[1];
        let inner_w = (frame.width - 2.0 * frame.margin).max(1.0);
        let inner_h = (frame.height - 2.0 * frame.margin).max(1.0);
        let scale = match (ground_w > 0.0, ground_h > 0.0) {
            (true, true) => (inner_w / ground_w).min(inner_h / ground_h),
            (true, false) => inner_w / ground_w,
            (false, true) => inner_h / ground_h,
            (false, false) => 1.0,
        };
        let x0 = frame.x + frame.margin + (inner_w - ground_w * scale) / 2.0;
        let y0 = frame.y + frame.margin + (inner_h - ground_h * scale) / 2.0;
        Projection {
            west: bbox.min[0],
            north: bbox.max[1],
            kx,
            scale,
            x0,
            y0,
        }
    }

    /// The pixel position of a longitude/latitude, not rounded.
    pub fn project_exact(&self, p: Position) -> Position {
        [
            self.x0 + (p[0] - self.west) * self.kx * self.scale,
            self.y0 + (self.north - p[1]) * self.scale,
        ]
    }

    /// The pixel position of a longitude/latitude, rounded to 0.1 px.
    pub fn project(&self, p: Position) -> Position {
        let [x, y] = self.project_exact(p);
        [round1(x), round1(y)]
    }

    /// Pixels per degree of latitude (and per degree of longitude times cos(latitude)).
    pub fn pixels_per_degree(&self) -> f64 {
        self.scale
    }

    /// Project a ring, simplify it by `tolerance` pixels (Douglas–Peucker) when given, round to
    /// 0.1 px and drop positions that rounding made repeat. A ring that simplification would
    /// reduce below a triangle is kept unsimplified; one that is still degenerate after
    /// rounding (less than 0.1 px across) comes back with fewer than 4 positions.
    pub fn project_ring(&self, ring: &[Position], tolerance: Option<f64>) -> Vec<Position> {
        let exact: Vec<Position> = ring.iter().map(|p| self.project_exact(*p)).collect();
        let simplified = match tolerance {
            Some(t) if t > 0.0 => {
                let s = simplify_ring(&exact, t);
                if s.len() >= 4 { s } else { exact }
            }
            _ => exact,
        };
        let mut out: Vec<Position> = Vec::with_capacity(simplified.len());
        for p in simplified {
            let p = [round1(p[0]), round1(p[1])];
            if out.last() != Some(&p) {
                out.push(p);
            }
        }
        out
    }
}

/// Round to 0.1, without a negative zero.
pub(crate) fn round1(v: f64) -> f64 {
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 { 0.0 } else { r }
}

/// Signed area of a closed ring (shoelace): positive when counter-clockwise with y up
/// (clockwise on screen, where y grows downwards).
pub fn ring_area(ring: &[Position]) -> f64 {
    ring.windows(2)
        .map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1])
        .sum::<f64>()
        / 2.0
}

/// Area of a polygon: its exterior less its holes, whatever their orientation.
pub fn area(exterior: &[Position], holes: &[Vec<Position>]) -> f64 {
    ring_area(exterior).abs() - holes.iter().map(|h| ring_area(h).abs()).sum::<f64>()
}

/// Centroid (centre of mass) of a polygon with holes; for a degenerate polygon (no area), the
/// mean of its exterior positions. `None` for an empty exterior.
pub fn centroid(exterior: &[Position], holes: &[Vec<Position>]) -> Option<Position> {
    if exterior.is_empty() {
        return None;
    }
    // Moments relative to the first position keep the sums small and exact enough.
    let o = exterior[0];
    let moments = |ring: &[Position]| {
        let (mut a, mut cx, mut cy) = (0.0, 0.0, 0.0);
        for w in ring.windows(2) {
            let (x0, y0) = (w[0][0] - o[0], w[0][1] - o[1]);
            let (x1, y1) = (w[1][0] - o[0], w[1][1] - o[1]);
            let cross = x0 * y1 - x1 * y0;
            a += cross;
            cx += (x0 + x1) * cross;
            cy += (y0 + y1) * cross;
        }
        // Orient every ring's contribution by its own sign: exterior adds, holes subtract.
        let sign = if a < 0.0 { -1.0 } else { 1.0 };
        (sign * a / 2.0, sign * cx / 6.0, sign * cy / 6.0)
    };
    let (mut a, mut mx, mut my) = moments(exterior);
    for h in holes {
        let (ha, hx, hy) = moments(h);
        a -= ha;
        mx -= hx;
        my -= hy;
    }
    if a.abs() < 1e-12 {
        let n = exterior.len() as f64;
        let (sx, sy) = exterior
            .iter()
            .fold((0.0, 0.0), |(sx, sy), p| (sx + p[0], sy + p[1]));
        return Some([sx / n, sy / n]);
    }
    Some([o[0] + mx / a, o[1] + my / a])
}

/// Whether `p` is inside a polygon with holes (even-odd rule, as the map is drawn).
pub fn contains(exterior: &[Position], holes: &[Vec<Position>], p: Position) -> bool {
    std::iter::once(exterior)
        .chain(holes.iter().map(Vec::as_slice))
        .filter(|ring| crosses_ray(ring, p))
        .count()
        % 2
        == 1
}

/// Whether a ray from `p` towards +x crosses the ring an odd number of times.
fn crosses_ray(ring: &[Position], p: Position) -> bool {
    let mut inside = false;
    for w in ring.windows(2) {
        let (a, b) = (w[0], w[1]);
        if (a[1] > p[1]) != (b[1] > p[1]) {
            let x = a[0] + (p[1] - a[1]) * (b[0] - a[0]) / (b[1] - a[1]);
            if x > p[0] {
                inside = !inside;
            }
        }
    }
    inside
}

/// Where to put a label in a polygon: its centroid when that lies inside, otherwise the middle
/// of the widest inside stretch of the horizontal line through the centroid (a C- or L-shaped
/// district's centroid can fall outside it).
pub fn label_point(exterior: &[Position], holes: &[Vec<Position>]) -> Option<Position> {
    let c = centroid(exterior, holes)?;
    if contains(exterior, holes, c) {
        return Some(c);
    }
    let mut xs: Vec<f64> = std::iter::once(exterior)
        .chain(holes.iter().map(Vec::as_slice))
        .flat_map(|ring| ring.windows(2))
        .filter(|w| (w[0][1] > c[1]) != (w[1][1] > c[1]))
        .map(|w| w[0][0] + (c[1] - w[0][1]) * (w[1][0] - w[0][0]) / (w[1][1] - w[0][1]))
        .collect();
    xs.sort_by(f64::total_cmp);
    xs.chunks_exact(2)
        .max_by(|a, b| (a[1] - a[0]).total_cmp(&(b[1] - b[0])))
        .map(|s| [(s[0] + s[1]) / 2.0, c[1]])
        .or(Some(c))
}

/// Douglas–Peucker simplification of a closed ring: positions closer than `tolerance` to the
/// line through their neighbours that remain are dropped. The ring is split at its first
/// position and the position farthest from it, so both stay; the result is closed.
pub fn simplify_ring(ring: &[Position], tolerance: f64) -> Vec<Position> {
    let n = ring.len();
    if n < 5 {
        return ring.to_vec();
    }
    // The last position repeats the first; work on the open ring.
    let open = &ring[..n - 1];
    let far = (1..open.len())
        .max_by(|&a, &b| dist2(open[0], open[a]).total_cmp(&dist2(open[0], open[b])))
        .unwrap_or(0);
    let mut keep = vec![false; n];
    keep[0] = true;
    keep[far] = true;
    keep[n - 1] = true;
    mark(ring, 0, far, tolerance, &mut keep);
    mark(ring, far, n - 1, tolerance, &mut keep);
    ring.iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(p, _)| *p)
        .collect()
}

/// Mark the positions to keep between `first` and `last` (iteratively: rings can be long).
fn mark(points: &[Position], first: usize, last: usize, tolerance: f64, keep: &mut [bool]) {
    let mut stack = vec![(first, last)];
    while let Some((a, b)) = stack.pop() {
        if b <= a + 1 {
            continue;
        }
        let (mut worst, mut worst_d) = (a, -1.0);
        for i in a + 1..b {
            let d = segment_distance(points[i], points[a], points[b]);
            if d > worst_d {
                worst = i;
                worst_d = d;
            }
        }
        if worst_d > tolerance {
            keep[worst] = true;
            stack.push((a, worst));
            stack.push((worst, b));
        }
    }
}

fn dist2(a: Position, b: Position) -> f64 {
    (a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)
}

/// Distance from `p` to the segment `a`–`b`.
fn segment_distance(p: Position, a: Position, b: Position) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    if len2 == 0.0 {
        return dist2(p, a).sqrt();
    }
    let t = (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0);
    dist2(p, [a[0] + t * dx, a[1] + t * dy]).sqrt()
}
