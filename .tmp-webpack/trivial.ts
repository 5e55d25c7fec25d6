Office.onReady(() => {
  document.getElementById("container")!.textContent = "MAM Workbench";
});
