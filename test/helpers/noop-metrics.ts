// A ControllerMetrics that records nothing, for tests that do not look at metrics.
import type { ControllerMetrics } from '../../src/controller/ports.js';

export const noopMetrics: ControllerMetrics = {
  recordWatch: () => {},
  recordSuccessfulPoll: () => {},
  forgetSuccessfulPoll: () => {},
  forgetWatch: () => {},
  observeCloudRequest: () => {},
  countStatusUpdate: () => {},
  countReconcile: () => {},
};
