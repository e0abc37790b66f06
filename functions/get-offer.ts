import { refuseOtherLocation } from './adapters/caller.ts';
import { HttpError, httpHandler, json, pathParameter } from './adapters/http.ts';
import { getOffer } from './adapters/store.ts';
import { publicOffer } from './create-offer.ts';

/** GET /offers/{id} (staff; a location manager's own location). */
export const handler = httpHandler(async (event) => {
  const id = pathParameter(event, 'id');
  const offer = await getOffer(id);
  if (!offer)
    throw new HttpError(404, {
      error: 'not found',
      issues: [{ field: 'id', problem: `offer ${id} not found` }],
    });
  refuseOtherLocation(event, offer.location, `offer ${id}`);
  return json(200, { offer: publicOffer(offer) });
});
