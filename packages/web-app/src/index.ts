export { type BrowserBundle, bundleForBrowser, isNodeOnly } from './bundle';
export { exportWeb, type FolderWriter, SITE_JSON, type WebExport } from './export-web';
export { pageHtml } from './page-html';
