// The Conclave extension's only background code: its toolbar button opens the client, which is
// this extension's own index.html (docs/SECURITY.md, "Trusting the web client").
chrome.action.onClicked.addListener(() => {
  void chrome.tabs.create({ url: chrome.runtime.getURL('index.html') });
});
