/**
 * Handlers for examples/booking.yaml. A flow names this module with `handlers: ./handlers.ts`;
 * `switchboard serve examples/booking.yaml` loads it at runtime (no build step).
 */
import { defineIvr, goTo, type FlowHandler } from "switchboard-ivr";

interface Booking {
  guests: number;
  date: string;
  time: string;
}

/** Stands in for your reservation system. */
const bookings = new Map<string, Booking>([
  ["123456", { guests: 4, date: "Friday the 14th", time: "7 PM" }],
  ["654321", { guests: 2, date: "Saturday the 15th", time: "8 PM" }],
]);

/** Finds the booking by the digits typed; the flow stores the result as `vars.booking`. */
const lookupBooking: FlowHandler = async (_event, ctx) => {
  const booking = bookings.get(ctx.digits ?? "");
  ctx.logger.info({ found: booking !== undefined }, "booking lookup");
  return booking ? goTo("found", booking) : goTo("not_found", null);
};

export default defineIvr({ flow: "./booking.yaml", handlers: { lookupBooking } });
