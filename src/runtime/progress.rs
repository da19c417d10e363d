//! Challenge levels done, kept in the browser (localStorage) so a learner
//! comes back to them. A page without storage (private modes may refuse
//! it) simply keeps nothing.

const KEY: &str = "lockstep.levels-done";

fn storage() -> Option<web_sys::Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

/// The ids of the levels won, in the order they were first won.
pub fn done() -> Vec<String> {
    storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .map(|v| {
            v.split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

pub fn mark_done(id: &str) {
    let mut all = done();
    if !all.iter().any(|d| d == id) {
        all.push(id.to_string());
        if let Some(s) = storage() {
            let _ = s.set_item(KEY, &all.join(","));
        }
    }
}

pub fn reset() {
    if let Some(s) = storage() {
        let _ = s.remove_item(KEY);
    }
}
