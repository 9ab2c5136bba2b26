// Package view is every reply a person sees: the lookups' replies built from
// the index's answers, the digest's messages and preview, the action log's
// records and lists, reminders, the App Home, help, and the one place where
// errors become replies (ErrorReply). Replies are the core's own model
// (handlers.Reply), laid out to fit the renderer's limits; the bot draws them
// as Block Kit and RenderPlain as text.
package view
