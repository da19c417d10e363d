// Settings for coi-serviceworker (loaded next).
// It asks for a reload as soon as its service worker is found, while that
// worker may still be installing; a page reloaded then is not yet
// controlled (not isolated). So wait until the worker is active, then
// reload, and at most once per tab session, so a host where the service
// worker cannot help never loops.
window.coi = {
  quiet: true,
  doReload: () => {
    if (sessionStorage.getItem('lockstep-coi-reloaded')) return;
    sessionStorage.setItem('lockstep-coi-reloaded', '1');
    navigator.serviceWorker.ready.then(() => window.location.reload());
  },
};
