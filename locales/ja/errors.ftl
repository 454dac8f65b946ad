# エラーページ：各メッセージは見出しの下の文、.title は見出し（ブラウザのタブの
# タイトルにもなります）。問題コード、パス、メディアタイプ、ヘッダー名はそのままにします。

## 別のプロバイダー経由のログイン
error-state-mismatch = このログインはこのブラウザで開始されたものではないか、リンクが変更されています。最初からやり直してください。
    .title = ログインを完了できませんでした
error-flow-expired = 時間内にログインが完了しませんでした。最初からやり直してください。
    .title = ログインがタイムアウトしました
error-access-denied = プロバイダーでログインがキャンセルされたか、許可されませんでした。もう一度お試しいただくか、別の方法でログインしてください。
    .title = ログインがキャンセルされました
error-link-with-password = このメールアドレスのアカウントはすでに存在します。パスワードでログインしてから、アカウントページでこのプロバイダーを連携してください。
    .title = まずパスワードでログインしてください
error-federation-signup-closed = この ID に対応するアカウントがなく、このプロバイダーからはアカウントを作成できません。先に登録するか、別の方法でログインしてください。
    .title = アカウントがありません
error-email-missing = アカウントに必要な確認済みのメールアドレスがプロバイダーから提供されませんでした。プロバイダーで提供を許可するか、メールアドレスで登録してください。
    .title = メールアドレスがありません
error-identity-taken = この ID は、ここで別のアカウントのログインにすでに使用されています。
    .title = 別のアカウントに連携済みです
error-identity-exists = お使いのアカウントは、このプロバイダーの別の ID とすでに連携しています。先にその連携を解除してください。
    .title = すでに連携済みです
# code_verifier はパラメーター名なのでそのままにします。
error-invalid-login-code = ログインコードが無効か、使用済みか、期限切れです。または code_verifier が一致しません。
    .title = 無効なログインコード

## すべてのページで起こりうる拒否と失敗
error-validation-failed = 1つ以上の項目が無効です。
    .title = 入力内容に誤りがあります
error-invalid-credentials = メールアドレスまたはパスワードが正しくありません。
    .title = 認証情報が無効です
error-invalid-token = トークンが無効か、取り消されています。もう一度ログインしてください。
    .title = 認証されていません
error-token-expired = アクセストークンの有効期限が切れています。リフレッシュトークンで新しいトークンを取得してください。
    .title = トークンの有効期限切れ
error-account-disabled = このアカウントは無効化されています。
    .title = アカウントが無効です
error-email-not-verified = ログインする前にメールアドレスを確認してください。
    .title = メールアドレスが未確認です
error-forbidden = この操作を行う権限がありません。
    .title = アクセスが拒否されました
error-not-found = 該当するリソースはありません。
    .title = 見つかりません
error-email-taken = このメールアドレスのアカウントはすでに存在します。
    .title = 使用済みのメールアドレス
error-invalid-one-time-token = このリンクは無効か、使用済みか、期限切れです。新しいリンクをリクエストしてください。
    .title = 無効なトークン
error-reauth-failed = 現在のパスワードが正しくありません。
    .title = 再認証に失敗しました
error-last-admin = 有効な管理者が少なくとも1人必要です。
    .title = 最後の管理者です
error-role-exists = この名前のロールはすでに存在します。
    .title = ロールが存在します
error-builtin-role = 組み込みロールは変更も削除もできません。
    .title = 組み込みロール
error-invalid-client = クライアントが不明か、認証されませんでした。
    .title = 無効なクライアント
# アプリが送信した OAuth リクエストが拒否された場合（理由はアプリにのみ表示されます）。
error-invalid-request = アプリから実行できないリクエストが送信されました。アプリに戻って最初からやり直してください。
    .title = 無効なリクエスト
# palisade はクライアントの ID なのでそのままにします。
error-builtin-client = 組み込みクライアント palisade は変更も削除もできません。
    .title = 組み込みクライアント
error-already-enrolled = 認証アプリはすでに設定されています。先に削除してください。
    .title = すでに設定済みです
error-invalid-code = コードが正しくないか、古くなっています。アプリに現在表示されているコードを入力してください。
    .title = 無効なコード
error-wrong-code = コードが正しくないか、使用済みか、古くなっています。
    .title = 無効なコード
error-upstream-refused = ID プロバイダーからの応答を検証できませんでした。最初からやり直してください。
    .title = ログインが拒否されました
error-last-login-method = これが唯一のログイン方法です。先にパスワードを設定するか、パスキーを追加してください。
    .title = 最後のログイン方法です
error-signup-closed = ここでは新しいアカウントを作成できません。管理者に招待を依頼してください。
    .title = 新規登録は無効です
error-tenant-exists = このスラッグのテナントはすでに存在します。
    .title = テナントが存在します
error-host-taken = これらのホストのいずれかは、別のテナントで使用されています。
    .title = 使用中のホスト
error-default-tenant = デフォルトテナントはプラットフォームの管理を担うため、削除できません。
    .title = デフォルトテナント
error-provider-exists = このスラッグの ID プロバイダーはすでに接続されています。
    .title = プロバイダーが存在します
# /v1/users/me/mfa は API のパスなのでそのままにします。
error-mfa-enrollment-required = お使いのロールでは2要素認証が必須です。先に /v1/users/me/mfa またはアカウントページで設定してください。
    .title = 2要素認証が必要です
error-invalid-passkey = パスキーを登録できませんでした。最初からやり直してください。
    .title = 無効なパスキー
error-mfa-token-expired = 2段階目の認証が期限切れになったか、失敗が多すぎました。もう一度ログインしてください。
    .title = ログインの有効期限切れ
error-mfa-required = 2要素認証でログインを完了してください。
    .title = 2要素認証が必要です
error-unverified-account = このアカウントのメールアドレスは確認されていません。
    .title = 未確認のアカウント
error-rate-limited = しばらく時間をおいてから、もう一度お試しください。
    .title = リクエストが多すぎます
error-busy = 処理中のリクエストが多すぎます。しばらくしてからもう一度お試しください。
    .title = サービスが混雑しています
error-unavailable = データベースに接続できません。しばらくしてからもう一度お試しください。
    .title = サービスを利用できません
error-internal = サーバー側で問題が発生しました。報告の際はリクエスト ID をお知らせください。
    .title = 内部サーバーエラー

## リクエスト自体の誤り
# サーバーが読み取れなかったフォームまたはクエリ。
error-malformed-request = リクエストを読み取れませんでした。
    .title = 不正なリクエスト
# application/json はメディアタイプなのでそのままにします。
error-unsupported-media-type = 本文は application/json で送信してください。
    .title = サポートされていないメディアタイプ
error-payload-too-large = リクエスト本文が 64 KiB を超えています。
    .title = ペイロードが大きすぎます
# $header は送信すべき HTTP ヘッダー（ベアラートークン付きの Authorization ヘッダー）。
error-missing-token = このエンドポイントにはアクセストークンが必要です：{ $header }
    .title = 認証されていません
error-method-not-allowed = このパスはこのメソッドに対応していません。
    .title = 許可されていないメソッド
error-timeout = リクエストに時間がかかりすぎました。
    .title = リクエストのタイムアウト

## ページのみ
# 何にも該当しなかったリクエスト（現在これを表示するページはありません）。
error-request-failed = リクエストを処理できませんでした。
    .title = リクエストに失敗しました
# このセッションのトークンなしで送信されたフォーム（長時間放置した後や、別のサイトから）。
error-form-expired = このフォームは有効期限が切れているか、このサイトから送信されていません。前のページに戻り、再読み込みしてからもう一度お試しください。
    .title = フォームの有効期限切れ
# サーバーエラーの下に表示：$detail はエラーの文（別の error-* メッセージ）、
# $id は報告時に伝えるリクエスト ID。
error-request-id = { $detail }（リクエスト ID：{ $id }）
