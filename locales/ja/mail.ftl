# メール（templates/mail/）。どのメールにも HTML パートとプレーンテキストパートがあり、
# 同じ内容の箇所は同じメッセージを使います。`$product` はサービス名、`$email` は
# 受信者のメールアドレスです。件名は1行です（改行はスペースになります）。

## すべてのメールで共通
mail-hello = こんにちは。
# HTML パートで、ボタンの下にリンク全体を示す前の段落。
mail-paste-link = または、次のリンクをブラウザに貼り付けてください：
mail-if-you = ご本人による操作であれば、これ以上の対応は不要です。
# すべての HTML メールの末尾に表示する注記。
mail-footer = このメールは { $product } から送信されました。お心当たりがない場合は、このメールを無視してください。

## メールアドレスの確認（mail/verify）
mail-verify-subject = { $product } のメールアドレスを確認してください
# HTML パート。続いて mail-verify-button の文言のボタンが表示されます。
mail-verify-confirm = { $email } が { $product } でご利用のメールアドレスであることを確認してください。
mail-verify-button = メールアドレスを確認
# プレーンテキストパート。続く行にリンクが表示されます。
mail-verify-confirm-open = 次のリンクを開いて、{ $email } が { $product } でご利用のメールアドレスであることを確認してください：
# $duration はリンクの有効期間（"1日"、"30分" など）。
mail-verify-expires = このリンクは1回だけ使用でき、{ $duration }後に有効期限が切れます。
# プレーンテキストパートのみ（HTML パートには mail-footer があります）。
mail-verify-not-you = { $product } のアカウントを作成した覚えがない場合は、このメールを無視してください。

## パスワードの再設定（mail/reset）
mail-reset-subject = { $product } のパスワードの再設定
# HTML パート。続いて mail-reset-button の文言のボタンが表示されます。
mail-reset-asked = { $email } の { $product } アカウントについて、パスワードの再設定がリクエストされました。
mail-reset-button = 新しいパスワードを設定
# プレーンテキストパート。続く行にリンクが表示されます。
mail-reset-asked-open = { $email } の { $product } アカウントについて、パスワードの再設定がリクエストされました。新しいパスワードを設定するには、次のリンクを開いてください：
# $duration はリンクの有効期間（"1日"、"30分" など）。
mail-reset-expires = このリンクは1回だけ使用でき、{ $duration }後に有効期限が切れます。新しいパスワードを設定すると、すべての端末からログアウトされます。
mail-reset-not-you = このリクエストに心当たりがない場合は、このメールを無視してください。パスワードは変更されません。

## パスワード変更後（mail/password_changed）
mail-changed-subject = { $product } のパスワードが変更されました
mail-changed-body = { $product } アカウント（{ $email }）のパスワードが変更されました。他のセッションはログアウトされました。
# HTML パート：$link は再設定ページへのリンクで、文言は mail-changed-not-you-link。
mail-changed-not-you = 心当たりがない場合は、{ $link }してください。
mail-changed-not-you-link = 今すぐパスワードを再設定
# プレーンテキストパート。続く行に再設定ページへのリンクが表示されます。
mail-changed-not-you-open = 心当たりがない場合は、次のリンクから今すぐパスワードを再設定してください：

## 2要素認証またはログイン方法の追加・削除の後（mail/factor_changed）
# 変更ごとに、件名と本文でそれを伝える文があります。
mail-factor-totp-added-subject = 認証アプリが追加されました（{ $product }）
mail-factor-totp-added-body = { $product } アカウント（{ $email }）に、2要素認証として認証アプリが追加されました。
mail-factor-totp-removed-subject = 認証アプリが削除されました（{ $product }）
mail-factor-totp-removed-body = { $product } アカウント（{ $email }）の2要素認証から、認証アプリが削除されました。
# リカバリーコード：2要素認証の代わりに使える1回限りのコード。
mail-factor-codes-renewed-subject = 新しいリカバリーコードが作成されました（{ $product }）
mail-factor-codes-renewed-body = { $product } アカウント（{ $email }）の新しいリカバリーコードが作成されました。以前のコードは使用できなくなりました。
mail-factor-passkey-added-subject = パスキーが追加されました（{ $product }）
mail-factor-passkey-added-body = { $product } アカウント（{ $email }）にパスキーが追加されました。このパスキーでログインしたり、パスワードでのログインを確認したりできます。
mail-factor-passkey-removed-subject = パスキーが削除されました（{ $product }）
mail-factor-passkey-removed-body = { $product } アカウント（{ $email }）からパスキーが削除されました。
# Google や GitHub など、別のプロバイダー経由のログイン。
mail-factor-sign-in-connected-subject = アカウントにログイン方法が連携されました（{ $product }）
mail-factor-sign-in-connected-body = { $product } アカウント（{ $email }）に、別のプロバイダー（Google、GitHub など）経由のログインが連携されました。今後はこの方法でログインできます。
mail-factor-sign-in-disconnected-subject = アカウントからログイン方法の連携が解除されました（{ $product }）
mail-factor-sign-in-disconnected-body = { $product } アカウント（{ $email }）から、別のプロバイダー経由のログインの連携が解除されました。
mail-factor-reset-subject = 2要素認証がリセットされました（{ $product }）
mail-factor-reset-body = 管理者が { $product } アカウント（{ $email }）のすべての2要素認証を削除し、すべてのセッションをログアウトしました。
# HTML パート：$link は再設定ページへのリンクで、文言は mail-factor-not-you-link。
mail-factor-not-you = 心当たりがない場合は、第三者にパスワードを知られている可能性があります。{ $link }してから、アカウントのセキュリティ設定を確認してください。
mail-factor-not-you-link = 今すぐパスワードを再設定
# プレーンテキストパート。続く行に再設定ページへのリンクが表示されます。
mail-factor-not-you-open = 心当たりがない場合は、第三者にパスワードを知られている可能性があります。次のリンクから今すぐパスワードを再設定してから、アカウントのセキュリティ設定を確認してください：
