/**
 * The @vscode-elements components the panels use, each imported on its own: the package's whole
 * bundle (every component, 233 KB) would ship ones no panel shows. A panel that starts using
 * another component adds its import here.
 */

import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
