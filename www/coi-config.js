// Settings for coi-serviceworker (loaded next). Reload at most once per tab
// session, so a host where the service worker cannot help never loops.
window.coi = {
  quiet: true,
  doReload: () => {
    if (sessionStorage.getItem('lockstep-coi-reloaded')) return;
    sessionStorage.setItem('lockstep-coi-reloaded', '1');
    window.location.reload();
  },
};
