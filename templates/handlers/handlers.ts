/**
 * The TypeScript your flow calls. flow.yaml names this module (`handlers: ./handlers.ts`) and its
 * options call `lookupBooking` by name; this module names the flow, so `switchboard dev handlers.ts`
 * and `switchboard serve handlers.ts` run the two together. No build step: Switchboard loads
 * TypeScript through tsx. Docs: node_modules/switchboard-ivr/docs/handlers.md
 */
import { defineIvr, goTo, type FlowHandler } from "switchboard-ivr";

export interface Booking {
  guests: number;
  date: string;
  time: string;
}

/** Stands in for your reservation system: replace it with a call to yours. */
const bookings = new Map<string, Booking>([
  ["123456", { guests: 4, date: "Friday the 14th", time: "7 PM" }],
  ["654321", { guests: 2, date: "Saturday the 15th", time: "8 PM" }],
]);

/**
 * Finds the booking by the digits the caller typed. The flow stores what it returns as
 * `vars.booking` (its prompts read `{{vars.booking.date}}`), and the caller goes to the menu named.
 */
export const lookupBooking: FlowHandler = async (_event, ctx) => {
  const booking = bookings.get(ctx.digits ?? "");
  ctx.logger.info({ found: booking !== undefined }, "booking lookup");
  return booking ? goTo("found", booking) : goTo("not_found", null);
};

export default defineIvr({ flow: "./flow.yaml", handlers: { lookupBooking } });
