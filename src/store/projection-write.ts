import type { ProjectionWrite } from "./port.js";

/** A projection write that changes nothing; callers fill in what a step produced. */
export function emptyProjectionWrite(): ProjectionWrite {
  return {
    journeys: [],
    trackingLinks: [],
    timersSet: [],
    timersCleared: [],
    decisions: [],
    outbox: [],
    holdsPlaced: [],
    holdsReleased: [],
    runs: [],
    projectedEventIds: [],
  };
}
