/** One message to one recipient, before any transport encodes it. Headers are only the ones we add. */
export interface EmailMessage {
  from: string;
  replyTo?: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: EmailHeader[];
}

export interface EmailHeader {
  name: string;
  value: string;
}
