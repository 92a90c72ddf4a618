/** Shapes of the sandbox SDK API answers the modules read. */
export interface ApiMessage {
  id: string;
  clientId: string;
  direction: 'inbound' | 'outbound';
  body: string;
  authorName: string;
  createdAt: string;
}

export interface ApiConversation {
  clientId: string;
  client: { id: string; name: string; email: string; phone: string };
  lastMessage: ApiMessage | null;
  messageCount: number;
}

export interface ApiCampaign {
  id: string;
  name: string;
  message: string;
  audience: string;
  recipientCount: number;
  status: string;
  createdBy: string;
  createdAt: string;
}
