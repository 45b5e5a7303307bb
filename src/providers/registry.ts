// Provider name → family. Each family lives in its own folder.
import type { ProviderName } from '../api/types.js';
import { alibabaACKAddons } from './alibaba-ack-addons/index.js';
import { alibabaACK } from './alibaba-ack/index.js';
import type { ProviderFamily } from './common/provider.js';
import { huaweiCceFamily } from './huawei-cce/index.js';
import { huaweiCssFamily } from './huawei-css/index.js';

export const families: Readonly<Record<ProviderName, ProviderFamily>> = {
  AlibabaACK: alibabaACK,
  AlibabaACKAddons: alibabaACKAddons,
  HuaweiCCE: huaweiCceFamily,
  HuaweiCSS: huaweiCssFamily,
};
