import { MEDIA_TYPES } from '../media/media-types.js';

/** The media type a URL's path names by its extension, or undefined when it names none we know. */
export function mediaTypeOf(url: string): string | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url;
  }
  return mediaTypeOfPath(path);
}

/**
 * The media type a file path (a store key, a decoded URL path) names by its extension. Never through a
 * URL: there a `#` or `?` in a file name would end the path (`pic #1?.png` names none).
 */
export function mediaTypeOfPath(path: string): string | undefined {
  const dot = path.lastIndexOf('.');
  if (dot === -1 || dot < path.lastIndexOf('/')) return undefined;
  return MEDIA_TYPES[path.slice(dot + 1).toLowerCase()];
}
