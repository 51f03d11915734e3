import { handleDeliveryFeedback } from "@/lib/mail/feedback/handle-delivery-feedback";
import { openGate } from "@/lib/request/gate";
import { route } from "@/lib/request/route";

/**
 * Delivery feedback from the mail provider: /api/email-feedback/ses (Amazon SNS),
 * /api/email-feedback/postmark, /api/email-feedback/resend. No session or Origin applies:
 * each request is authenticated by its provider's own scheme (see README, "Delivery").
 */
export const POST = route({ gate: openGate }, async ({ request, params }) => handleDeliveryFeedback(params.provider, request));
