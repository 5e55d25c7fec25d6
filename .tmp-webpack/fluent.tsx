import { createRoot } from "react-dom/client";
import { FluentProvider, Button, webLightTheme } from "@fluentui/react-components";

function App() {
  return (
    <FluentProvider theme={webLightTheme}>
      <Button appearance="primary" onClick={() => (document.title = "clicked")}>Check workbook</Button>
    </FluentProvider>
  );
}
createRoot(document.getElementById("container")!).render(<App />);
