import {
  cceHost,
  cssHost,
  HUAWEI_ALLOWED_DOMAINS,
} from '../../../../src/providers/huawei-common/endpoints.js';
import { huaweiCce } from '../../../../src/providers/huawei-cce/index.js';
import { huaweiCss } from '../../../../src/providers/huawei-css/index.js';
import type { ClusterUpgradeWatchSpec } from '../../../../src/api/types.js';

describe('Huawei endpoint hosts', () => {
  it.each([
    ['an ordinary region', 'cn-north-4', 'cce.cn-north-4.myhuaweicloud.com'],
    ['an international region', 'ap-southeast-1', 'cce.ap-southeast-1.myhuaweicloud.com'],
    ['the sovereign EU region is on .eu', 'eu-west-101', 'cce.eu-west-101.myhuaweicloud.eu'],
    ['the older EU region stays on .com', 'eu-west-0', 'cce.eu-west-0.myhuaweicloud.com'],
  ])('CCE: %s', (_why, region, host) => {
    expect(cceHost(region)).toBe(host);
  });

  it.each([
    ['an ordinary region', 'cn-north-4', 'css.cn-north-4.myhuaweicloud.com'],
    ['cn-north-1 keeps the legacy "es" name', 'cn-north-1', 'es.cn-north-1.myhuaweicloud.com'],
    ['cn-east-2 keeps the legacy "es" name', 'cn-east-2', 'es.cn-east-2.myhuaweicloud.com'],
    ['cn-east-3 does not', 'cn-east-3', 'css.cn-east-3.myhuaweicloud.com'],
    ['the sovereign EU region is on .eu', 'eu-west-101', 'css.eu-west-101.myhuaweicloud.eu'],
  ])('CSS: %s', (_why, region, host) => {
    expect(cssHost(region)).toBe(host);
  });

  it('families expose https base URLs and both Huawei domains', () => {
    const spec = { region: 'eu-west-101' } as ClusterUpgradeWatchSpec;
    expect(huaweiCce.defaultBaseUrl(spec)).toBe('https://cce.eu-west-101.myhuaweicloud.eu');
    expect(huaweiCss.defaultBaseUrl({ ...spec, region: 'cn-north-1' })).toBe(
      'https://es.cn-north-1.myhuaweicloud.com',
    );
    expect(HUAWEI_ALLOWED_DOMAINS).toEqual(['myhuaweicloud.com', 'myhuaweicloud.eu']);
    expect(huaweiCce.allowedDomains).toBe(HUAWEI_ALLOWED_DOMAINS);
    expect(huaweiCss.allowedDomains).toBe(HUAWEI_ALLOWED_DOMAINS);
    expect([huaweiCce.name, huaweiCss.name]).toEqual(['HuaweiCCE', 'HuaweiCSS']);
  });
});
