//! Words the page writes around numbers.

/// "1 thread", "2 threads": a count with its noun in the right number.
pub fn count(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_is_singular() {
        assert_eq!(super::count(1u32, "task", "tasks"), "1 task");
        assert_eq!(super::count(0u32, "task", "tasks"), "0 tasks");
        assert_eq!(super::count(16u64, "worker", "workers"), "16 workers");
    }
}
